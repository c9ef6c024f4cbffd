using System.Security.Cryptography;
using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

public sealed class DeterminismTests
{
    private static string BuildTree(TempTree tmp)
    {
        var src = tmp.Dir("src");
        for (var i = 0; i < 30; i++) tmp.File($"src/d{i % 4}/f{i}", new string((char)('a' + i % 26), i * 997));
        File.WriteAllBytes(Path.Combine(src, "big.bin"), RandomNumberGenerator.GetBytes(3 << 20));
        File.CreateSymbolicLink(Path.Combine(src, "d0/link"), "../big.bin");
        Native.TrySetXattr(Path.Combine(src, "big.bin"), "security.capability", TarRoundTripTests.Capability);
        Native.HardLink(Path.Combine(src, "d1/f1"), Path.Combine(src, "d3/hard"));
        return src;
    }

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public void The_same_tree_written_twice_gives_identical_bytes(LayerCompression compression)
    {
        using var tmp = new TempTree();
        var src = BuildTree(tmp);
        var options = new LayerWriteOptions { Compression = compression };
        var first = LayerWriter.WriteDirectory(src, new MemoryStream(), options);
        var second = LayerWriter.WriteDirectory(src, new MemoryStream(), options);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Parallel_gzip_output_does_not_depend_on_parallelism_or_write_sizes()
    {
        var data = RandomNumberGenerator.GetBytes(5 << 20);
        byte[] Compress(int parallelism, int writeSize)
        {
            var output = new MemoryStream();
            using (var gzip = new ParallelGzipStream(output, parallelism: parallelism, leaveOpen: true))
            {
                for (var offset = 0; offset < data.Length; offset += writeSize) gzip.Write(data, offset, Math.Min(writeSize, data.Length - offset));
            }
            return output.ToArray();
        }
        Assert.Equal(Compress(1, 1 << 20), Compress(4, 777));
    }

    [Fact]
    public void Two_processes_running_hoist_layer_create_print_the_same_digest()
    {
        using var tmp = new TempTree();
        var src = BuildTree(tmp);
        var cli = Path.Combine(AppContext.BaseDirectory, "Hoist.Cli.dll");
        var first = TempTree.Run("dotnet", cli, "layer", "create", src, "-o", Path.Combine(tmp.Root, "one.tar.gz"));
        var second = TempTree.Run("dotnet", cli, "layer", "create", src, "-o", Path.Combine(tmp.Root, "two.tar.gz"), "--compression", "gzip");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("digest:    sha256:", first.Output);
        Assert.Contains("diffID:    sha256:", first.Output);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.Root, "one.tar.gz")), File.ReadAllBytes(Path.Combine(tmp.Root, "two.tar.gz")));
        var inProcess = LayerWriter.WriteDirectory(src, new MemoryStream());
        Assert.Contains(inProcess.Digest.ToString(), first.Output);
    }

    [Fact]
    public void Source_date_epoch_makes_trees_with_different_mtimes_identical()
    {
        using var tmp = new TempTree();
        var a = tmp.File("a/file", "same");
        var b = tmp.File("b/file", "same");
        File.SetLastWriteTimeUtc(a, DateTime.UtcNow.AddDays(-1));
        File.SetLastWriteTimeUtc(b, DateTime.UtcNow.AddDays(-2));
        var options = new LayerWriteOptions { SourceDateEpoch = 0 };
        Assert.Equal(LayerWriter.WriteDirectory(Path.GetDirectoryName(a)!, new MemoryStream(), options).Digest,
            LayerWriter.WriteDirectory(Path.GetDirectoryName(b)!, new MemoryStream(), options).Digest);
    }
}
