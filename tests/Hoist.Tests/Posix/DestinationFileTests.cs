using System.Text;
using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>The file a user names as an output: never replaced when it is a FIFO or device, written through a symlink.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DestinationFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-destination-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task A_fifo_is_written_in_place_and_stays_a_fifo()
    {
        // Before, the archive was renamed over the node: -o type=tar,dest=/dev/full replaced the machine's /dev/full.
        var fifo = PathOf("pipe");
        Native.MakeNode(fifo, FileStatus.Fifo | 0x180, 0, 0);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        await DestinationFile.WriteAsync(fifo, stream => stream.WriteAsync("archive"u8.ToArray()).AsTask());

        Assert.Equal(FileStatus.Fifo, Native.LStat(fifo)!.Value.Type);
        Assert.Same(reader, await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal("archive", await reader);
    }

    [Fact]
    public void A_symlink_is_written_through_and_stays_a_symlink()
    {
        File.WriteAllText(PathOf("target.tar"), "old");
        File.CreateSymbolicLink(PathOf("link.tar"), "target.tar");

        DestinationFile.Write(PathOf("link.tar"), stream => stream.Write(Encoding.UTF8.GetBytes("new")));

        Assert.Equal("target.tar", new FileInfo(PathOf("link.tar")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("target.tar")));
    }

    [Fact]
    public void A_regular_file_is_replaced_atomically_and_a_directory_is_refused()
    {
        File.WriteAllText(PathOf("out.tar"), "old");
        Directory.CreateDirectory(PathOf("dir"));

        DestinationFile.Write(PathOf("out.tar"), stream => stream.Write(Encoding.UTF8.GetBytes("new")));
        var error = Assert.Throws<HoistException>(() => DestinationFile.Write(PathOf("dir"), _ => { }));

        Assert.Equal("new", File.ReadAllText(PathOf("out.tar")));
        Assert.Equal($"{PathOf("dir")}: is a directory, not a file", error.Message);
        Assert.Equal(["dir", "out.tar"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }
}
