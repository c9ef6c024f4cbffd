using Hoist.Oci;

namespace Hoist.Tests.Oci;

/// <summary>containerd's platform normalisation and matching, as docker pull and BuildKit choose from an index.</summary>
public sealed class PlatformMatcherTests
{
    private static Platform P(string os, string architecture, string? variant = null) => new() { Os = os, Architecture = architecture, Variant = variant };

    [Theory]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm64/v9", "linux/arm64/v9")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    [InlineData("linux/armel", "linux/arm/v6")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/amd64/v1", "linux/amd64")]
    [InlineData("linux/amd64/v3", "linux/amd64/v3")]
    [InlineData("linux/i386", "linux/386")]
    [InlineData("LINUX/ARM64", "linux/arm64")]
    [InlineData("arm64", "linux/arm64")]
    [InlineData("s390x", "linux/s390x")]
    public void Platforms_are_normalised_as_containerd_does(string text, string expected)
    {
        Assert.Equal(expected, Platform.Parse(text).ToString());
    }

    [Fact]
    public void A_lone_OS_means_this_machines_architecture_and_anything_else_is_an_error()
    {
        Assert.Equal($"linux/{Platform.Host.Architecture}", Platform.Parse("linux").ToString());
        Assert.Equal("invalid platform \"nope\": unknown operating system or architecture", Assert.Throws<HoistException>(() => Platform.Parse("nope")).Message);
        Assert.Equal("invalid platform \"linux//\": expected os/arch[/variant]", Assert.Throws<HoistException>(() => Platform.Parse("linux//")).Message);
        Assert.Equal("invalid platform \"linux/amd64,linux/arm64\": expected os/arch[/variant]",
            Assert.Throws<HoistException>(() => Platform.Parse("linux/amd64,linux/arm64")).Message);
    }

    [Fact]
    public void A_platform_list_is_parsed_normalised_and_without_duplicates()
    {
        Assert.Equal(["linux/amd64", "linux/arm64", "linux/arm/v7"],
            Platform.ParseList("linux/amd64, linux/arm64,linux/aarch64,linux/arm").Select(p => p.ToString()));
    }

    [Fact]
    public void An_exact_match_ranks_before_what_the_platform_can_also_run()
    {
        var wanted = Platform.Parse("linux/arm64");
        Assert.Equal(0, PlatformMatcher.Rank(P("linux", "arm64", "v8"), wanted));
        Assert.Equal(0, PlatformMatcher.Rank(P("linux", "aarch64"), wanted));
        Assert.True(PlatformMatcher.Rank(P("linux", "arm", "v7"), wanted) > PlatformMatcher.Rank(P("linux", "arm", "v8"), wanted));
        Assert.Null(PlatformMatcher.Rank(P("linux", "amd64"), wanted));
        Assert.Null(PlatformMatcher.Rank(P("windows", "arm64"), wanted));
    }

    [Fact]
    public void Arm_variants_fall_back_downwards_only()
    {
        Assert.True(PlatformMatcher.Matches(P("linux", "arm", "v6"), Platform.Parse("linux/arm/v7")));
        Assert.True(PlatformMatcher.Matches(P("linux", "arm"), Platform.Parse("linux/arm/v7")));
        Assert.False(PlatformMatcher.Matches(P("linux", "arm", "v7"), Platform.Parse("linux/arm/v6")));
    }

    [Fact]
    public void Amd64_takes_lower_levels_and_386_last()
    {
        var wanted = Platform.Parse("linux/amd64/v3");
        Assert.Equal(1, PlatformMatcher.Rank(P("linux", "amd64", "v2"), wanted));
        Assert.Equal(2, PlatformMatcher.Rank(P("linux", "amd64"), wanted));
        Assert.Equal(3, PlatformMatcher.Rank(P("linux", "386"), wanted));
        Assert.Null(PlatformMatcher.Rank(P("linux", "amd64", "v4"), wanted));
    }

    [Fact]
    public void Best_picks_the_highest_ranked_candidate_whatever_the_order()
    {
        string[] candidates = ["linux/arm/v7", "none", "linux/amd64", "linux/arm64/v8"];
        Platform? Of(string c) => c == "none" ? null : Platform.Parse(c);

        Assert.Equal("linux/arm64/v8", PlatformMatcher.Best(candidates, Of, Platform.Parse("linux/arm64")));
        Assert.Null(PlatformMatcher.Best(candidates, Of, Platform.Parse("linux/s390x")));
    }
}
