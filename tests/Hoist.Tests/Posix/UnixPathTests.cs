using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>Go's path.Clean, the one cleaner COPY paths, ignore patterns and cache mount ids go through.</summary>
public sealed class UnixPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("/a/b/../../..", "/")]
    [InlineData("../a/../../b", "../../b")]
    [InlineData("a/..", ".")]
    [InlineData("/root/.cache/", "/root/.cache")]
    public void Clean_follows_gos_path_clean(string path, string clean) => Assert.Equal(clean, UnixPath.Clean(path));

    [Theory]
    [InlineData("../../x", "x")]
    [InlineData("/x/y", "x/y")]
    [InlineData("/", "")]
    public void ClampRelative_keeps_a_path_inside_its_root(string path, string clamped) =>
        Assert.Equal(clamped, UnixPath.ClampRelative(path));

    [Theory]
    [InlineData("/run/secrets/", "secrets")]
    [InlineData("/", "/")]
    [InlineData("", ".")]
    [InlineData("id", "id")]
    public void FileName_is_gos_path_base(string path, string name) => Assert.Equal(name, UnixPath.FileName(path));
}
