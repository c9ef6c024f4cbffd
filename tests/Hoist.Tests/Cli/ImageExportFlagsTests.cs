using Hoist.Archives;
using Hoist.Cli;
using Hoist.Formats;

namespace Hoist.Tests.Cli;

/// <summary>buildx's image output options and <c>--annotation</c>, as <see cref="ImageExportFlags"/> reads them.</summary>
public sealed class ImageExportFlagsTests
{
    private static BuildOutput Output(string spec) => BuildOutputParser.Parse(spec, standardOutputIsTerminal: false);

    [Fact]
    public void Without_options_layers_are_gzip_under_oci_media_types()
    {
        var format = ImageExportFlags.Read([Output("type=image")], [], multiPlatform: false);

        Assert.Equal((LayerCompression.Gzip, (int?)null, true), (format.Compression, format.CompressionLevel, format.OciMediaTypes));
    }

    [Theory]
    [InlineData("type=oci,dest=x.tar,compression=zstd,compression-level=19", LayerCompression.Zstd, 19, true)]
    [InlineData("type=image,compression=uncompressed", LayerCompression.None, null, true)]
    [InlineData("type=docker,dest=x.tar,compression=gzip,compression-level=9,oci-mediatypes=false", LayerCompression.Gzip, 9, false)]
    [InlineData("type=image,compression=zstd,oci-mediatypes=false", LayerCompression.Zstd, null, true)]
    public void Compression_level_and_media_types_come_from_the_output(string spec, LayerCompression compression, int? level, bool oci)
    {
        var format = ImageExportFlags.Read([Output(spec)], [], multiPlatform: false);

        Assert.Equal((compression, level, oci), (format.Compression, format.CompressionLevel, format.OciMediaTypes));
    }

    [Theory]
    [InlineData("type=image,compression=lz4", "--output: unsupported compression type lz4 (gzip, zstd or uncompressed)")]
    [InlineData("type=image,compression=gzip,compression-level=10", "--output compression-level=10: expected 0-9 for gzip")]
    [InlineData("type=image,oci-mediatypes=maybe", "--output oci-mediatypes=\"maybe\" is not true or false")]
    public void A_bad_option_is_one_line(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => ImageExportFlags.Read([Output(spec)], [], multiPlatform: false)).Message);
    }

    [Fact]
    public void Outputs_asking_for_different_compressions_are_refused()
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read(
            [Output("type=image,compression=zstd"), Output("type=oci,dest=x.tar,compression=gzip")], [], multiPlatform: false));

        Assert.StartsWith("--output: the outputs ask for different layer formats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_compression_is_refused_as_not_supported_yet()
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read([Output("type=image,compression=zstd,force-compression=true")], [], false));

        Assert.StartsWith("--output force-compression=true is not supported yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_go_to_the_manifest_by_default_and_to_the_types_named()
    {
        var format = ImageExportFlags.Read([Output("type=image,annotation.from-output=1,annotation-index.idx-output=2")],
            ["plain=a", "manifest:org.example.url=https://example.com/x", "index,manifest-descriptor:both=b"], multiPlatform: true);

        Assert.Equal(new Dictionary<string, string> { ["plain"] = "a", ["org.example.url"] = "https://example.com/x", ["from-output"] = "1" },
            format.Annotations.Manifest);
        Assert.Equal(new Dictionary<string, string> { ["both"] = "b", ["idx-output"] = "2" }, format.Annotations.Index);
        Assert.Equal(new Dictionary<string, string> { ["both"] = "b" }, format.Annotations.ManifestDescriptor);
    }

    [Theory]
    [InlineData("noequals", "--annotation noequals: expected [TYPE:]KEY=VALUE")]
    [InlineData("config:k=v", "--annotation config:k=v: unknown annotation type \"config\" (manifest, index, manifest-descriptor)")]
    [InlineData("index:k=v", "index annotations not supported for single platform export (build several --platform values for an index)")]
    [InlineData("manifest[linux/amd64]:k=v", "--annotation manifest[linux/amd64]:k=v: platform-specific annotations (manifest[linux/amd64]) are not supported yet")]
    public void A_bad_annotation_is_one_line(string annotation, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => ImageExportFlags.Read([], [annotation], multiPlatform: false)).Message);
    }
}
