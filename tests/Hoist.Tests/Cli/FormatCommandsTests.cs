using Hoist.Oci;
using Hoist.Tests.Formats;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist import</c>, <c>save</c> and <c>load</c> in-process, through files.</summary>
public sealed class FormatCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hoist-formats-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void ImportSaveLoadRoundTripKeepsTheImageId()
    {
        File.WriteAllBytes(PathOf("rootfs.tar"), TarBuilder.Rootfs());
        var imported = CliRun.WithRoot(PathOf("a"), "import", PathOf("rootfs.tar"), "app:1", "--change", "CMD [\"sh\"]", "-c", "ENV X=1");
        Assert.Equal(0, imported.ExitCode);
        var id = imported.Output.Trim();
        Assert.StartsWith("sha256:", id);

        foreach (var format in new[] { "docker", "oci" })
        {
            var archive = PathOf($"app-{format}.tar");
            var saved = CliRun.WithRoot(PathOf("a"), "save", "app:1", "-o", archive, "--format", format);
            Assert.Equal(0, saved.ExitCode);
            Assert.Empty(Directory.EnumerateFiles(_directory, "*.tmp"));

            var root = PathOf("b-" + format);
            var loaded = CliRun.WithRoot(root, "load", "-i", archive);
            Assert.Equal((0, "Loaded image: app:1\n"), (loaded.ExitCode, loaded.Output));
            var images = CliRun.WithRoot(root, "images", "-q");
            Assert.Equal(id["sha256:".Length..][..12], images.Output.Trim());
        }
    }

    [Fact]
    public void AnUntaggedArchiveLoadsAsANoneImageThatEveryImageCommandFindsById()
    {
        File.WriteAllBytes(PathOf("rootfs.tar"), TarBuilder.Rootfs());
        var id = CliRun.WithRoot(PathOf("a"), "import", PathOf("rootfs.tar"), "app:1").Output.Trim();
        Assert.Equal(0, CliRun.WithRoot(PathOf("a"), "save", id, "-o", PathOf("untagged.tar")).ExitCode); // by ID: no RepoTags
        var root = PathOf("b");

        Assert.Equal($"Loaded image ID: {id}\n", CliRun.WithRoot(root, "load", "-i", PathOf("untagged.tar")).Output);

        var images = CliRun.WithRoot(root, "images").Output.Split('\n');
        Assert.Equal(2, images.Count(l => l.Length > 0));
        Assert.Matches($@"^<none>\s+<none>\s+{id[7..19]}\s", images[1]);
        foreach (var name in new[] { id, id[7..], id[7..19] })
        {
            Assert.Equal(0, CliRun.WithRoot(root, "inspect", name).ExitCode);
            Assert.Equal(0, CliRun.WithRoot(root, "history", name).ExitCode);
        }
        Assert.Equal(0, CliRun.WithRoot(root, "save", id[7..19], "-o", PathOf("again.tar")).ExitCode);
        Assert.Equal(0, CliRun.WithRoot(root, "tag", id[7..19], "named:1").ExitCode);
        var named = CliRun.WithRoot(root, "images").Output;
        Assert.Matches($@"\nnamed\s+1\s+{id[7..19]}\s", named);
        Assert.DoesNotContain("<none>", named); // tagged now
        Assert.Equal(0, CliRun.WithRoot(root, "rmi", "named:1").ExitCode);
        Assert.Equal(0, CliRun.WithRoot(root, "load", "-i", PathOf("untagged.tar")).ExitCode);
        var removed = CliRun.WithRoot(root, "rmi", id[7..19]);
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains($"Deleted: {id}", removed.Output);
        Assert.Equal(1, CliRun.WithRoot(root, "inspect", id).ExitCode);
    }

    [Fact]
    public void SaveToLayoutDirectoryThenLoadIt()
    {
        File.WriteAllBytes(PathOf("rootfs.tar"), TarBuilder.Rootfs());
        Assert.Equal(0, CliRun.WithRoot(PathOf("a"), "import", PathOf("rootfs.tar"), "app:1").ExitCode);
        Assert.Equal(0, CliRun.WithRoot(PathOf("a"), "save", "--format", "oci-dir", "-o", PathOf("layout"), "app").ExitCode);
        Assert.True(File.Exists(Path.Combine(PathOf("layout"), "oci-layout")));
        Assert.Equal("Loaded image: app:1\n", CliRun.WithRoot(PathOf("b"), "load", "-i", PathOf("layout")).Output);
    }

    [Fact]
    public async Task ImportRecordsChangesAndMessage()
    {
        File.WriteAllBytes(PathOf("rootfs.tar"), TarBuilder.Rootfs());
        var run = CliRun.WithRoot(PathOf("a"), "import", PathOf("rootfs.tar"), "app:1", "-c", "WORKDIR /srv", "-c", "USER 1000", "-m", "from a test", "--platform", "linux/arm64");
        Assert.Equal(0, run.ExitCode);
        var store = Hoist.Content.ContentStore.Open(PathOf("a"));
        var image = await store.ResolveImageAsync("app:1", Platform.Parse("linux/arm64"));
        Assert.Equal("/srv", image.Config.Config.Config!.WorkingDir);
        Assert.Equal("1000", image.Config.Config.Config.User);
        Assert.Equal("from a test", image.Config.Config.History![0].Comment);
        Assert.Equal("arm64", image.Config.Config.Architecture);
    }

    [Fact]
    public void ErrorsAreOneLine()
    {
        File.WriteAllText(PathOf("junk.tar"), "junk");
        var load = CliRun.WithRoot(PathOf("a"), "load", "-i", PathOf("junk.tar"));
        Assert.Equal(1, load.ExitCode);
        Assert.StartsWith("error: ", load.Error);
        var save = CliRun.WithRoot(PathOf("a"), "save", "nothing:here", "-o", PathOf("out.tar"));
        Assert.Equal(1, save.ExitCode);
        Assert.Contains("nothing:here", save.Error);
        Assert.False(File.Exists(PathOf("out.tar")));
        var change = CliRun.WithRoot(PathOf("a"), "import", PathOf("junk.tar"), "x:1", "-c", "RUN true");
        Assert.Equal(1, change.ExitCode);
        Assert.Contains("RUN is not allowed", change.Error);
        Assert.Single(load.Error.TrimEnd('\n').Split('\n'));
    }
}
