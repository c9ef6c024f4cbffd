using System.Security.Cryptography;
using System.Text;

namespace Hoist.IntegrationTests.Building;

/// <summary>ADD &lt;url&gt; from a loopback HTTP server: name from the URL, mode 0600, Last-Modified time, --checksum.</summary>
public sealed class AddUrlTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("downloaded content\n");
    private static readonly DateTimeOffset Modified = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly LoopbackFileServer _server = new(new Dictionary<string, byte[]>
    {
        ["/files/hello.txt"] = Content,
        ["/files/archive.tar.gz"] = GzippedTar("inside.txt", Content),
    }, Modified);

    private static string Checksum => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Content));

    [RootFact]
    public void A_url_with_the_right_checksum_is_added_as_buildkit_adds_it()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD --checksum={Checksum} {_server.Url("/files/hello.txt")} /downloads/
            ADD {_server.Url("/files/hello.txt")} /renamed.txt
            """));
        var build = store.Hoist("build", "-t", "test/add-url", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        var run = store.Hoist("run", "test/add-url", "sh", "-c", "cat /downloads/hello.txt /renamed.txt && stat -c '%a %Y' /downloads/hello.txt /renamed.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var seconds = Modified.ToUnixTimeSeconds();
        Assert.Equal($"downloaded content\ndownloaded content\n600 {seconds}\n600 {seconds}\n", run.Stdout);
    }

    [RootFact]
    public void A_checksum_mismatch_fails_naming_the_line()
    {
        var wrong = "sha256:" + new string('0', 64);
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            RUN true
            ADD --checksum={wrong} {_server.Url("/files/hello.txt")} /hello.txt
            """));
        var build = store.Hoist("build", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Contains($"digest mismatch: expected {wrong}, got {Checksum}", build.Stderr);
        Assert.Contains("Dockerfile:3", build.Stderr);
    }

    [RootFact]
    public void A_missing_url_and_a_git_url_fail_clearly()
    {
        var missing = store.Hoist("build", store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_server.Url("/nothing")} /x
            """)));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("invalid response status 404", missing.Stderr);
        var git = store.Hoist("build", store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_server.Url("/repo.git")} /src
            """)));
        Assert.Equal(1, git.ExitCode);
        Assert.Contains($"git source {_server.Url("/repo.git")}: git ls-remote:", git.Stderr);
        Assert.Contains("Dockerfile:2", git.Stderr);
    }

    [RootFact]
    public void Unpack_true_extracts_a_downloaded_archive_into_the_destination_and_false_keeps_it()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD --unpack=true {_server.Url("/files/archive.tar.gz")} /slash/
            ADD --unpack=true {_server.Url("/files/archive.tar.gz")} /noslash
            ADD --unpack=true {_server.Url("/files/hello.txt")} /plain.txt
            ADD {_server.Url("/files/archive.tar.gz")} /kept/
            """));
        var build = store.Hoist("build", "-t", "test/add-unpack", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        var run = store.Hoist("run", "test/add-unpack", "sh", "-c",
            "cd / && find slash noslash kept plain.txt | sort && cat slash/inside.txt && stat -c '%a' kept/archive.tar.gz plain.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("kept\nkept/archive.tar.gz\nnoslash\nnoslash/inside.txt\nplain.txt\nslash\nslash/inside.txt\n"
            + "downloaded content\n600\n600\n", run.Stdout);
    }

    private static byte[] GzippedTar(string name, byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                Mode = (UnixFileMode)0b110_100_100,
            });
        }
        return output.ToArray();
    }

    public void Dispose() => _server.Dispose();
}
