using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;
using static Hoist.Tests.Building.CopyPlans;

namespace Hoist.Tests.Building;

/// <summary>The content half of a COPY cache key: what is copied and how, never when it was modified.</summary>
public sealed class CopyContentDigestTests : IDisposable
{
    private readonly TempTree _tree = new TempTree()
        .File(".dockerignore", "**/*.log\n")
        .File("src/main.c", "int main(){}").File("src/debug.log", "noise").Link("src/link", "main.c");

    public void Dispose() => _tree.Dispose();

    private Task<Digest> DigestAsync(CopyRequest? request = null) =>
        CopyContentDigest.ComputeAsync(Plan(BuildContext.Open(_tree.Root), request ?? Copy("/app/", "src")));

    [Fact]
    public async Task Is_stable_and_ignores_mtime()
    {
        var before = await DigestAsync();
        Assert.Equal(before, await DigestAsync());
        File.SetLastWriteTimeUtc(_tree.PathOf("src/main.c"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Directory.SetLastWriteTimeUtc(_tree.PathOf("src"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Ignored_files_do_not_count()
    {
        var before = await DigestAsync();
        _tree.File("src/debug.log", "different noise").File("src/other.log", "new");
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Changes_with_content()
    {
        var before = await DigestAsync();
        _tree.File("src/main.c", "int main(){return 1;}");
        Assert.NotEqual(before, await DigestAsync());
    }

    [Fact]
    public async Task Changes_with_mode()
    {
        var before = await DigestAsync();
        _tree.Mode("src/main.c", TempTree.Mode755);
        Assert.NotEqual(before, await DigestAsync());
        Assert.NotEqual(await DigestAsync(), await DigestAsync(Copy("/app/", "src") with { Chmod = "600" }));
    }

    [Fact]
    public async Task Changes_with_owner()
    {
        Assert.NotEqual(await DigestAsync(), await DigestAsync(Copy("/app/", "src") with { Chown = "1000:1000" }));
        Assert.NotEqual(await DigestAsync(Copy("/app/", "src") with { Chown = "1000:1000" }), await DigestAsync(Copy("/app/", "src") with { Chown = "1000:1001" }));
    }

    [Fact]
    public async Task Changes_with_link_target()
    {
        var before = await DigestAsync();
        File.Delete(_tree.PathOf("src/link"));
        _tree.Link("src/link", "./main.c");
        Assert.NotEqual(before, await DigestAsync());
    }

    [Fact]
    public async Task Changes_with_names_and_destination()
    {
        var before = await DigestAsync();
        Assert.NotEqual(before, await DigestAsync(Copy("/other/", "src")));
        File.Move(_tree.PathOf("src/main.c"), _tree.PathOf("src/Main.c"));
        Assert.NotEqual(before, await DigestAsync());
    }

    [Fact]
    public async Task Covers_heredocs_and_downloads()
    {
        static CopyRequest Heredoc(string content) =>
            Copy("/f", "<<EOF") with { InlineFiles = [new CopyInlineFile("<<EOF", "EOF", content)] };
        Assert.NotEqual(await CopyContentDigest.ComputeAsync(Plan(null, Heredoc("a\n"))), await CopyContentDigest.ComputeAsync(Plan(null, Heredoc("b\n"))));
        Assert.NotEqual(
            await CopyContentDigest.ComputeAsync(Plan(null, Add("/d/", "https://e.com/a"))),
            await CopyContentDigest.ComputeAsync(Plan(null, Add("/d/", "https://e.com/a") with { Checksum = "sha256:" + new string('0', 64) })));
    }

    [Fact]
    public async Task Streams_large_files()
    {
        var big = new byte[8 * 1024 * 1024 + 3];
        new Random(7).NextBytes(big);
        _tree.Bytes("big.bin", big);
        var digest = await CopyContentDigest.ComputeAsync(Plan(BuildContext.Open(_tree.Root), Copy("/big.bin", "big.bin")));
        big[^1] ^= 1;
        _tree.Bytes("big.bin", big);
        Assert.NotEqual(digest, await CopyContentDigest.ComputeAsync(Plan(BuildContext.Open(_tree.Root), Copy("/big.bin", "big.bin"))));
    }
}
