using Hoist.Execution;

namespace Hoist.Tests.Execution;

public sealed class RootfsPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-rootfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Plain_paths_are_joined_and_dot_dot_stops_at_the_root()
    {
        Assert.Equal(_root + "/etc/passwd", RootfsPath.Resolve(_root, "/etc/passwd"));
        Assert.Equal(_root + "/etc/passwd", RootfsPath.Resolve(_root, "/../../etc/./passwd"));
        Assert.Equal(_root, RootfsPath.Resolve(_root, "/"));
    }

    [Fact]
    public void Symlinks_resolve_relative_to_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root, "usr", "lib"));
        File.CreateSymbolicLink(Path.Combine(_root, "lib"), "usr/lib");
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), "/usr");
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), "../../../../tmp");

        Assert.Equal(_root + "/usr/lib/x", RootfsPath.Resolve(_root, "/lib/x"));
        Assert.Equal(_root + "/usr/lib", RootfsPath.Resolve(_root, "/abs/lib"));
        Assert.Equal(_root + "/tmp/y", RootfsPath.Resolve(_root, "/escape/y"));
    }

    [Fact]
    public void A_symlink_loop_is_an_error()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), "/b");
        File.CreateSymbolicLink(Path.Combine(_root, "b"), "/a");

        Assert.Throws<HoistException>(() => RootfsPath.Resolve(_root, "/a/x"));
    }
}
