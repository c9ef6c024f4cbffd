using System.IO.Compression;
using System.Text;
using Hoist.Archives;
using Hoist.Building.Engine;
using Xunit;

namespace Hoist.Tests.Building;

/// <summary>
/// A context given as a URL (<c>hoist build http://…</c>), from the download on: a tar archive (by content, whatever its
/// compression) is the context, anything else is the Dockerfile of a context holding only it, as BuildKit reads an HTTP
/// context; a hostile archive never writes outside the context.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RemoteBuildContextTests
{
    private const string Url = "http://127.0.0.1:1/ctx";

    private static readonly DateTimeOffset LastModified = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static byte[] Tar(params (string Name, string? Content, TarEntryType Type, string? Link)[] entries)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var (name, content, type, link) in entries)
            {
                var bytes = Encoding.UTF8.GetBytes(content ?? "");
                var entry = new TarEntry { Name = name, Type = type, Mode = type == TarEntryType.Directory ? 0x1ED : 0x1A4, Size = bytes.Length, LinkTarget = link ?? "" };
                writer.WriteEntry(entry, bytes.Length > 0 ? new MemoryStream(bytes) : null);
            }
        }
        return output.ToArray();
    }

    private static (string, string?, TarEntryType, string?) File(string name, string content) => (name, content, TarEntryType.Regular, null);

    private static (string, string?, TarEntryType, string?) Symlink(string name, string target) => (name, null, TarEntryType.Symlink, target);

    private static byte[] Compress(byte[] tar, string compression)
    {
        var output = new MemoryStream();
        using (Stream stream = compression switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "zstd" => new ZstdSharp.CompressionStream(output, leaveOpen: true),
            _ => new NonClosingStream(output),
        })
        {
            stream.Write(tar);
        }
        return output.ToArray();
    }

    /// <summary>Opens <paramref name="download"/> as a context under a temporary root.</summary>
    private static RemoteBuildContext Open(TempTree tree, byte[] download)
    {
        var root = tree.Dir("root").PathOf("root");
        var path = Path.Combine(root, "download");
        System.IO.File.WriteAllBytes(path, download);
        return RemoteBuildContext.FromDownload(Url, root, path, LastModified, CancellationToken.None);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void A_tar_download_is_the_context_whatever_its_compression(string compression)
    {
        using var tree = new TempTree();
        var tar = Tar(File("Dockerfile", "FROM scratch\n"), File("sub/a.txt", "a\n"));

        using var context = Open(tree, Compress(tar, compression));

        Assert.Null(context.DockerfilePath);
        Assert.Equal("FROM scratch\n", System.IO.File.ReadAllText(Path.Combine(context.Directory, "Dockerfile")));
        Assert.Equal("a\n", System.IO.File.ReadAllText(Path.Combine(context.Directory, "sub", "a.txt")));
        Assert.False(System.IO.File.Exists(Path.Combine(tree.PathOf("root"), "download")));
    }

    [Fact]
    public void Any_other_download_is_the_dockerfile_named_context_in_a_context_of_its_own()
    {
        using var tree = new TempTree();

        using var context = Open(tree, Encoding.UTF8.GetBytes("FROM scratch\nCOPY context /\n"));

        Assert.Equal(Path.Combine(context.Directory, "context"), context.DockerfilePath);
        Assert.Equal(["context"], Directory.GetFileSystemEntries(context.Directory).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(context.DockerfilePath!));
        Assert.Equal(LastModified.UtcDateTime, System.IO.File.GetLastWriteTimeUtc(context.DockerfilePath!));
    }

    [Fact]
    public void A_dockerfile_that_is_a_fifo_in_the_archive_is_refused_rather_than_waited_on()
    {
        using var tree = new TempTree();
        var tar = Tar(("Dockerfile", null, TarEntryType.Fifo, null), File("real/Dockerfile", "FROM scratch\n"));

        using var context = Open(tree, tar);

        var error = Assert.Throws<HoistException>(() => context.DockerfileAt("Dockerfile"));
        Assert.Equal($"build context {Url}: Dockerfile is not a regular file", error.Message);
        Assert.Equal(Path.Combine(context.Directory, "real", "Dockerfile"), context.DockerfileAt("real/Dockerfile"));
    }

    [Fact]
    public void A_hostile_archive_writes_nothing_outside_the_context()
    {
        using var tree = new TempTree();
        tree.File("outside/keep", "precious");
        var outside = tree.PathOf("outside");
        var tar = Tar(File("Dockerfile", "FROM scratch\n"), File("/abs.txt", "abs"), Symlink("esc", outside), File("esc/x.txt", "x"),
            Symlink("rel", "../../../../../../../.." + outside), File("rel/y.txt", "y"));

        using var context = Open(tree, tar);

        Assert.Equal(["keep"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("x", System.IO.File.ReadAllText(Path.Combine(context.Directory, outside.TrimStart('/'), "x.txt")));
        Assert.True(System.IO.File.Exists(Path.Combine(context.Directory, "abs.txt")));
    }

    [Fact]
    public void A_climbing_entry_is_refused_in_one_line_naming_the_url()
    {
        using var tree = new TempTree();

        var error = Assert.Throws<HoistException>(() => Open(tree, Tar(File("Dockerfile", "FROM scratch\n"), File("../escape.txt", "x"))));

        Assert.StartsWith($"build context {Url}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(System.IO.File.Exists(tree.PathOf("escape.txt")));
    }

    [Theory]
    [InlineData("git://127.0.0.1/repo.git", true)]
    [InlineData("https://127.0.0.1/repo.git#main:sub", true)]
    [InlineData("http://127.0.0.1:8000/ctx.tar.gz", true)]
    [InlineData("HTTPS://127.0.0.1/Dockerfile", true)]
    [InlineData("./http", false)]
    [InlineData("ctx", false)]
    public void A_context_is_a_url_when_docker_build_would_read_it_as_one(string context, bool url)
    {
        Assert.Equal(url, RemoteBuildContext.IsUrl(context));
    }

    [Fact]
    public void A_bounded_stream_fails_past_its_limit()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[10]), 9, "too big");
        var buffer = new byte[16];

        var error = Assert.Throws<HoistException>(() => stream.ReadExactly(buffer, 0, 10));

        Assert.Equal("too big", error.Message);
        Assert.Equal(5, new BoundedReadStream(new MemoryStream(new byte[5]), 5, "x").Read(buffer));
    }
}
