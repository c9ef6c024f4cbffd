using System.IO.Compression;
using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>A COPY rebuilt after one of its files changed takes the unchanged gzip members of its last build's layer,
/// and its blob is the very blob a fresh deflate of its tar gives.</summary>
public sealed class EngineCopyReuseTests : IDisposable
{
    private const string CopyFiles = "FROM scratch\nCOPY files/ /data/\n";

    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task An_incremental_copy_layer_is_the_blob_a_fresh_deflate_of_its_tar_gives()
    {
        // 4 MB of text in 8 files: four 1 MiB gzip members and a short one.
        for (var i = 0; i < 8; i++) _engine.File($"files/d{i % 2}/f{i}.txt", Text(i, 500_000));
        var first = await _engine.BuildAsync(CopyFiles);
        Assert.True(File.Exists(MembersOf(first)));
        File.AppendAllText(Path.Combine(_engine.Context, "files/d1/f5.txt"), "changed\n");

        var incremental = await _engine.BuildAsync(CopyFiles);

        Assert.Equal(["[1/1] COPY files/ /data/"], incremental.Ran);
        Assert.NotEqual(Layer(first), Layer(incremental));
        // The same tar deflated afresh gives the very same blob (a build's own directory times are the wall clock's, so
        // two builds' tars may differ by a second: the blob is compared with its own tar compressed anew).
        var blob = await File.ReadAllBytesAsync(_engine.Store.BlobPath(Layer(incremental)));
        Assert.Equal(blob, FreshGzip(Gunzip(blob)));
        Assert.EndsWith("changed\n", await _engine.ReadFileAsync(incremental, "data/d1/f5.txt"), StringComparison.Ordinal);
    }

    private static byte[] Gunzip(byte[] blob)
    {
        var tar = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress)) gzip.CopyTo(tar);
        return tar.ToArray();
    }

    private static byte[] FreshGzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new ParallelGzipStream(output, leaveOpen: true)) gzip.Write(tar);
        return output.ToArray();
    }

    private static string Text(int seed, int length)
    {
        var random = new Random(seed);
        string[] words = ["alpha", "beta", "gamma", "delta", "layer", "image", "context", "build"];
        var text = new System.Text.StringBuilder(length + 16);
        while (text.Length < length) text.Append(words[random.Next(words.Length)]).Append(' ');
        return text.ToString(0, length);
    }

    private static Digest Layer(EngineBuild build) => build.Result.Image!.Layers.Single().Blob.Digest;

    private string MembersOf(EngineBuild build) => Path.Combine(_engine.Store.Root, "cache", "gzip-members", Layer(build).Hex);
}
