using Hoist.Registry;

namespace Hoist.Tests.Registry;

public sealed class AuthenticationChallengeTests
{
    [Fact]
    public void A_bearer_challenge_yields_realm_service_and_a_scope_with_commas()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/busybox:pull,push", challenge.Scope);
    }

    [Fact]
    public void Parameters_may_be_unquoted_spaced_and_differently_cased()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("bearer  Realm = http://127.0.0.1:1/token , service=reg"));

        Assert.True(challenge.IsBearer);
        Assert.Equal("http://127.0.0.1:1/token", challenge.Realm);
        Assert.Equal("reg", challenge.Service);
    }

    [Fact]
    public void Quoted_values_keep_escaped_quotes_and_error_fields()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse(
            "Bearer realm=\"r\",error=\"insufficient_scope\",error_description=\"say \\\"hi\\\"\""));

        Assert.Equal("insufficient_scope", challenge.Error);
        Assert.Equal("say \"hi\"", challenge.Parameters["error_description"]);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_separated()
    {
        var challenges = AuthenticationChallenge.Parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://t/x\",service=\"s\"");

        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("Registry Realm", challenges[0].Realm);
        Assert.True(challenges[1].IsBearer);
        Assert.Equal("s", challenges[1].Service);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    public void Empty_headers_have_no_challenges(string header)
    {
        Assert.Empty(AuthenticationChallenge.Parse(header));
    }

    [Fact]
    public void An_unterminated_quote_does_not_hang_or_throw()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("Bearer realm=\"https://t/x"));

        Assert.Equal("https://t/x", challenge.Realm);
    }
}
