using System.IO.Compression;
using System.Security.Cryptography;
using Hoist.Archives;
using Xunit;

namespace Hoist.Tests.Archives;

public sealed class CompressionTests
{
    [Fact]
    public void Parallel_gzip_writes_independent_members_that_gzip_and_dotnet_decompress()
    {
        using var tmp = new TempTree();
        var data = new byte[(5 << 20) + 123];
        RandomNumberGenerator.Fill(data.AsSpan(0, 1 << 20));
        var path = Path.Combine(tmp.Root, "data.gz");
        using (var file = File.Create(path))
        using (var gzip = new ParallelGzipStream(file))
            gzip.Write(data);
        var bytes = File.ReadAllBytes(path);
        var members = Enumerable.Range(0, bytes.Length - 3).Count(i => bytes[i] == 0x1f && bytes[i + 1] == 0x8b && bytes[i + 2] == 8 && bytes[i + 3] == 0);
        Assert.True(members >= 6, $"{members} members");
        var (code, output) = TempTree.Run("gzip", "-t", path);
        Assert.True(code == 0, output);
        TempTree.Run("gzip", "-d", path);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(tmp.Root, "data")));
        var decoded = new MemoryStream();
        new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress).CopyTo(decoded);
        Assert.Equal(data, decoded.ToArray());
    }

    [Fact]
    public void Random_chunks_are_recognised_as_incompressible_and_text_is_not()
    {
        Assert.True(ParallelGzipStream.LooksIncompressible(RandomNumberGenerator.GetBytes(1 << 20)));
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 30_000)));
        Assert.False(ParallelGzipStream.LooksIncompressible(text));
    }

    [Fact]
    public void Random_data_is_stored_without_growing_and_repeated_random_blocks_are_still_compressed()
    {
        static long GzipSize(byte[] data)
        {
            var output = new MemoryStream();
            using (var gzip = new ParallelGzipStream(output, leaveOpen: true)) gzip.Write(data);
            return output.Length;
        }
        var random = RandomNumberGenerator.GetBytes(4 << 20);
        Assert.InRange(GzipSize(random), random.Length, random.Length + random.Length / 500);
        var block = RandomNumberGenerator.GetBytes(8192);
        var repeated = Enumerable.Range(0, 512).SelectMany(_ => block).ToArray();
        Assert.True(GzipSize(repeated) < repeated.Length / 10);
    }

    [Fact]
    public void An_empty_parallel_gzip_stream_is_still_valid_gzip()
    {
        var output = new MemoryStream();
        new ParallelGzipStream(output, leaveOpen: true).Dispose();
        var decoded = new MemoryStream();
        new GZipStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress).CopyTo(decoded);
        Assert.Equal(0, decoded.Length);
    }

    [Theory]
    [InlineData(LayerCompression.Gzip, true)]
    [InlineData(LayerCompression.Gzip, false)]
    [InlineData(LayerCompression.Zstd, false)]
    [InlineData(LayerCompression.None, false)]
    public void Each_compression_is_detected_by_magic_and_read_back(LayerCompression compression, bool parallel)
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        var output = new MemoryStream();
        using (var writer = LayerCompressionCodec.OpenWrite(output, compression, parallelGzip: parallel, leaveOpen: true)) writer.Write(data);
        Assert.Equal(compression, LayerCompressionCodec.Detect(output.ToArray()));
        var decoded = new MemoryStream();
        output.Position = 0;
        LayerCompressionCodec.OpenRead(output).CopyTo(decoded);
        Assert.Equal(data, decoded.ToArray());
    }

    [Fact]
    public void Zstd_layers_are_readable_by_the_zstd_tool()
    {
        using var tmp = new TempTree();
        tmp.File("src/a", "alpha");
        var layer = Path.Combine(tmp.Root, "layer.tar.zst");
        var blob = LayerWriter.WriteDirectory(Path.Combine(tmp.Root, "src"), layer, new LayerWriteOptions { Compression = LayerCompression.Zstd });
        Assert.Equal(LayerMediaTypes.OciTarZstd, blob.MediaType);
        var (code, output) = TempTree.Run("zstd", "-t", layer);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Media_types_match_the_specs()
    {
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", LayerMediaTypes.For(LayerCompression.Gzip));
        Assert.Equal("application/vnd.docker.image.rootfs.diff.tar.gzip", LayerMediaTypes.For(LayerCompression.Gzip, docker: true));
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", LayerMediaTypes.For(LayerCompression.Zstd));
        Assert.Equal("application/vnd.oci.image.layer.v1.tar", LayerMediaTypes.For(LayerCompression.None));
        Assert.Equal(LayerCompression.Gzip, LayerMediaTypes.CompressionOf(LayerMediaTypes.DockerTarGzip));
        Assert.Null(LayerMediaTypes.CompressionOf("application/json"));
    }
}
