using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>The one temp-file-and-rename writer: all or nothing under the real name, one-line errors.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_durable_write_replaces_the_file_and_leaves_no_temporary()
    {
        File.WriteAllText(PathOf("index"), "old");

        AtomicFile.WriteAllBytes(PathOf("index"), "new"u8.ToArray(), new AtomicWriteOptions { Durable = true });

        Assert.Equal("new", File.ReadAllText(PathOf("index")));
        Assert.Equal(["index"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failing_writer_leaves_the_old_file_and_no_temporary()
    {
        File.WriteAllText(PathOf("names"), "old");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(PathOf("names"), async stream =>
        {
            await stream.WriteAsync("half"u8.ToArray());
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(PathOf("names")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void A_missing_directory_is_a_one_line_error_unless_the_caller_asks_for_it()
    {
        var target = PathOf("missing/out.tar");

        var error = Assert.Throws<HoistException>(() => AtomicFile.WriteAllBytes(target, [1]));
        Assert.StartsWith($"cannot write {target}: ", error.Message);

        AtomicFile.WriteAllBytes(target, [1], new AtomicWriteOptions { CreateParent = true });
        Assert.Equal([1], File.ReadAllBytes(target));
    }

    [Fact]
    public void The_temporary_can_live_elsewhere_and_the_file_gets_the_requested_mode()
    {
        var ingest = Directory.CreateDirectory(PathOf("ingest")).FullName;
        var options = new AtomicWriteOptions { TempDirectory = ingest, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };

        AtomicFile.Write(PathOf("config.json"), stream => Assert.Equal(ingest, Path.GetDirectoryName(((FileStream)stream).Name)), options);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("config.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ingest));
    }
}
