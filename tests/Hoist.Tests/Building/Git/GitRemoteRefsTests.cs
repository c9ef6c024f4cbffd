using Hoist.Building.Context.Git;

namespace Hoist.Tests.Building.Git;

/// <summary>Which commit a ref names in <c>git ls-remote</c> output: branches before tags, annotated tags peeled.</summary>
public sealed class GitRemoteRefsTests
{
    private const string Main = "1111111111111111111111111111111111111111";
    private const string TagObject = "2222222222222222222222222222222222222222";
    private const string Tagged = "3333333333333333333333333333333333333333";
    private const string Pull = "4444444444444444444444444444444444444444";

    private static readonly Dictionary<string, string> Refs = GitRemoteRefs.Parse([
        $"{Main}\tHEAD", $"{Main}\trefs/heads/main", $"{TagObject}\trefs/tags/v2", $"{Tagged}\trefs/tags/v2^{{}}",
        $"{Tagged}\trefs/tags/main", $"{Pull}\trefs/pull/42/head", "not a ref line", $"{Main[..39]}\trefs/heads/short",
    ]);

    [Theory]
    [InlineData(null, Main, "HEAD")]
    [InlineData("main", Main, "refs/heads/main")]
    [InlineData("v2", Tagged, "refs/tags/v2")]
    [InlineData("refs/tags/main", Tagged, "refs/tags/main")]
    [InlineData("pull/42/head", Pull, "refs/pull/42/head")]
    public void A_ref_resolves_as_git_would(string? gitRef, string commit, string fetchRef)
    {
        var resolution = GitRemoteRefs.Pick(Refs, gitRef);

        Assert.Equal(new GitResolution(commit, fetchRef), resolution);
    }

    [Fact]
    public void Unknown_refs_and_malformed_lines_resolve_to_nothing()
    {
        Assert.Null(GitRemoteRefs.Pick(Refs, "short"));
        Assert.Null(GitRemoteRefs.Pick(Refs, "nope"));
    }
}
