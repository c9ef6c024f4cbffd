using System.Text;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist build URL</c> through the real binary, as <c>docker build URL</c>: a tar archive served on loopback (any of
/// BuildKit's compressions, told by content) is the context and holds the Dockerfile (<c>-f</c> inside it); a plain
/// file is the Dockerfile of a context holding only itself (named <c>context</c>, as BuildKit names an HTTP context); a
/// git URL is its checkout. Hostile archives and bad URLs fail in one line naming the URL and leave nothing behind.
/// </summary>
public sealed class UrlContextTests : IClassFixture<BuildStore>, IDisposable
{
    private readonly BuildStore _store;
    private readonly string _work = Directory.CreateTempSubdirectory("hoist-url-context-").FullName;
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly LoopbackFileServer _server;

    public UrlContextTests(BuildStore store)
    {
        _store = store;
        var tree = Path.Combine(_work, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        File.WriteAllText(Path.Combine(tree, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
        File.WriteAllText(Path.Combine(tree, "sub", "Dockerfile.alt"), "FROM scratch\nCOPY hello.txt /from-sub\n");
        File.WriteAllText(Path.Combine(tree, "hello.txt"), "hello\n");
        File.WriteAllText(Path.Combine(tree, ".dockerignore"), "hello.txt\n");
        foreach (var (name, flag) in new[] { ("ctx.tar", "-cf"), ("ctx.tar.gz", "-czf"), ("ctx.tar.bz2", "-cjf"), ("ctx.tar.xz", "-cJf"), ("ctx.tar.zst", "--zstd") })
        {
            var path = Path.Combine(_work, name);
            BusyboxRootfs.Run("tar", flag == "--zstd" ? ["--zstd", "-cf", path, "-C", tree, "."] : [flag, path, "-C", tree, "."]);
            _files["/" + name] = File.ReadAllBytes(path);
        }
        _files["/Dockerfile.txt"] = Encoding.UTF8.GetBytes("FROM scratch\nCOPY context /got-context\n");
        _server = new LoopbackFileServer(_files, DateTimeOffset.UnixEpoch);
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>Builds <paramref name="args"/> into a local directory; returns it, and hoist's temp directory.</summary>
    private (HoistProcess.Result Build, string Output, string Temp) Build(params string[] args)
    {
        var output = Path.Combine(_work, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var temp = Directory.CreateDirectory(output + ".tmp").FullName;
        var build = HoistProcess.Run(["--root", _store.Root, "build", "--progress", "plain", "-o", "type=local,dest=" + output, .. args],
            environment: new Dictionary<string, string> { ["TMPDIR"] = temp });
        return (build, output, temp);
    }

    [RootFact]
    public void A_tar_archive_url_is_the_context_holding_the_dockerfile_whatever_its_compression()
    {
        foreach (var name in new[] { "ctx.tar", "ctx.tar.gz", "ctx.tar.bz2", "ctx.tar.xz", "ctx.tar.zst" })
        {
            var (build, output, temp) = Build(_server.Url("/" + name));

            Assert.True(build.ExitCode == 0, name + ": " + build.Stderr);
            // No .dockerignore applies to a remote context (BuildKit): hello.txt is copied.
            Assert.Equal("hello\n", File.ReadAllText(Path.Combine(output, "ctx", "hello.txt")));
            Assert.True(File.Exists(Path.Combine(output, "ctx", "sub", "Dockerfile.alt")), name);
            Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        }
    }

    [RootFact]
    public void A_relative_dockerfile_is_read_from_inside_the_archive()
    {
        var (build, output, _) = Build("-f", "sub/Dockerfile.alt", _server.Url("/ctx.tar.gz"));

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(output, "from-sub")));
    }

    [RootFact]
    public void A_plain_file_url_is_the_dockerfile_of_a_context_holding_only_itself()
    {
        var (build, output, temp) = Build(_server.Url("/Dockerfile.txt"));

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal("FROM scratch\nCOPY context /got-context\n", File.ReadAllText(Path.Combine(output, "got-context")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [RootFact]
    public void A_hostile_archive_or_a_missing_url_fails_in_one_line_and_leaves_nothing_behind()
    {
        var outside = Path.Combine(_work, "outside");
        Directory.CreateDirectory(outside);
        _files["/evil.tar"] = EvilTar(outside);

        var (evil, _, evilTemp) = Build(_server.Url("/evil.tar"));
        var (missing, _, missingTemp) = Build(_server.Url("/nope.tar"));

        Assert.Equal(1, evil.ExitCode);
        Assert.StartsWith($"error: build context {_server.Url("/evil.tar")}: ", evil.Stderr, StringComparison.Ordinal);
        Assert.Single(evil.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_work, "escape.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Empty(Directory.EnumerateFileSystemEntries(evilTemp));
        Assert.Equal($"error: build context {_server.Url("/nope.tar")}: invalid response status 404 (Not Found)", missing.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(missingTemp));
    }

    /// <summary>A symlink to <paramref name="outside"/> with a file under it, then a name climbing out of the context.</summary>
    private static byte[] EvilTar(string outside)
    {
        var output = new MemoryStream();
        using (var writer = new Hoist.Archives.PaxTarWriter(output, leaveOpen: true))
        {
            var body = "x\n"u8.ToArray();
            writer.WriteEntry(new Hoist.Archives.TarEntry { Name = "Dockerfile", Type = Hoist.Archives.TarEntryType.Regular, Mode = 0x1A4, Size = 13 },
                new MemoryStream("FROM scratch\n"u8.ToArray()));
            writer.WriteEntry(new Hoist.Archives.TarEntry { Name = "esc", Type = Hoist.Archives.TarEntryType.Symlink, LinkTarget = outside }, null);
            writer.WriteEntry(new Hoist.Archives.TarEntry { Name = "esc/x.txt", Type = Hoist.Archives.TarEntryType.Regular, Mode = 0x1A4, Size = body.Length },
                new MemoryStream(body));
            writer.WriteEntry(new Hoist.Archives.TarEntry { Name = "../../escape.txt", Type = Hoist.Archives.TarEntryType.Regular, Mode = 0x1A4, Size = body.Length },
                new MemoryStream(body));
        }
        return output.ToArray();
    }
}
