using Hoist.Archives;
using Hoist.Cli;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Tests.Cli;

/// <summary>buildx's image output options and <c>--annotation</c>, as <see cref="ImageExportFlags"/> reads them.</summary>
public sealed class ImageExportFlagsTests
{
    private static readonly IReadOnlyList<Platform> OnePlatform = [];
    private static readonly IReadOnlyList<Platform> TwoPlatforms = Platform.ParseList("linux/amd64,linux/arm64");

    private static BuildOutput Output(string spec) => BuildOutputParser.Parse(spec, standardOutputIsTerminal: false);

    [Fact]
    public void Without_options_layers_are_gzip_under_oci_media_types()
    {
        var format = ImageExportFlags.Read([Output("type=image")], [], OnePlatform);

        Assert.Equal((LayerCompression.Gzip, (int?)null, true), (format.Compression, format.CompressionLevel, format.OciMediaTypes));
    }

    [Theory]
    [InlineData("type=oci,dest=x.tar,compression=zstd,compression-level=19", LayerCompression.Zstd, 19, true)]
    [InlineData("type=image,compression=uncompressed", LayerCompression.None, null, true)]
    [InlineData("type=docker,dest=x.tar,compression=gzip,compression-level=9,oci-mediatypes=false", LayerCompression.Gzip, 9, false)]
    [InlineData("type=image,compression=zstd,oci-mediatypes=false", LayerCompression.Zstd, null, true)]
    public void Compression_level_and_media_types_come_from_the_output(string spec, LayerCompression compression, int? level, bool oci)
    {
        var format = ImageExportFlags.Read([Output(spec)], [], OnePlatform);

        Assert.Equal((compression, level, oci), (format.Compression, format.CompressionLevel, format.OciMediaTypes));
    }

    [Theory]
    [InlineData("type=image,compression=lz4", "--output: unsupported compression type lz4 (gzip, zstd or uncompressed)")]
    [InlineData("type=image,compression=gzip,compression-level=10", "--output compression-level=10: expected 0-9 for gzip")]
    [InlineData("type=image,oci-mediatypes=maybe", "--output oci-mediatypes=\"maybe\" is not true or false")]
    public void A_bad_option_is_one_line(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => ImageExportFlags.Read([Output(spec)], [], OnePlatform)).Message);
    }

    [Fact]
    public void Outputs_asking_for_different_compressions_are_refused()
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read(
            [Output("type=image,compression=zstd"), Output("type=oci,dest=x.tar,compression=gzip")], [], OnePlatform));

        Assert.StartsWith("--output: the outputs ask for different layer formats", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type=oci,dest=x.tar,compression=zstd,force-compression=true", LayerCompression.Zstd, true)]
    [InlineData("type=oci,dest=x.tar,force-compression=1", LayerCompression.Gzip, true)]
    [InlineData("type=oci,dest=x.tar,compression=zstd,force-compression=false", LayerCompression.Zstd, false)]
    public void Force_compression_is_read_with_the_compression_it_forces(string spec, LayerCompression compression, bool force)
    {
        var format = ImageExportFlags.Read([Output(spec)], [], OnePlatform);

        Assert.Equal((compression, force), (format.Compression, format.ForceCompression));
    }

    [Fact]
    public void Force_compression_that_is_not_a_boolean_is_one_line()
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read([Output("type=oci,dest=x.tar,force-compression=yes")], [], OnePlatform));

        Assert.Equal("--output force-compression=\"yes\" is not true or false", error.Message);
    }

    [Fact]
    public void Annotations_go_to_the_manifest_by_default_and_to_the_types_named()
    {
        var format = ImageExportFlags.Read([Output("type=image,annotation.from-output=1,annotation-index.idx-output=2")],
            ["plain=a", "manifest:org.example.url=https://example.com/x", "index,manifest-descriptor:both=b"], TwoPlatforms);

        Assert.Equal(new Dictionary<string, string> { ["plain"] = "a", ["org.example.url"] = "https://example.com/x", ["from-output"] = "1" },
            format.Annotations.Manifest);
        Assert.Equal(new Dictionary<string, string> { ["both"] = "b", ["idx-output"] = "2" }, format.Annotations.Index);
        Assert.Equal(new Dictionary<string, string> { ["both"] = "b" }, format.Annotations.ManifestDescriptor);
    }

    [Fact]
    public void A_platform_qualified_annotation_goes_on_that_platforms_manifest_over_an_unqualified_one()
    {
        var format = ImageExportFlags.Read([Output("type=image,annotation-manifest[linux/arm64].from-output=arm")],
            ["manifest:k=all", "manifest[linux/amd64]:k=amd", "manifest-descriptor[linux/arm64/v8]:d=arm", "index[linux/amd64]:i=any"], TwoPlatforms);

        var amd64 = Platform.Parse("linux/amd64");
        var arm64 = Platform.Parse("linux/arm64");
        Assert.Equal(new Dictionary<string, string> { ["k"] = "amd" }, format.Annotations.ManifestFor(amd64));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "all", ["from-output"] = "arm" }, format.Annotations.ManifestFor(arm64));
        Assert.Empty(format.Annotations.ManifestDescriptorFor(amd64));
        Assert.Equal(new Dictionary<string, string> { ["d"] = "arm" }, format.Annotations.ManifestDescriptorFor(arm64));
        Assert.Equal(new Dictionary<string, string> { ["i"] = "any" }, format.Annotations.Index);
    }

    [Fact]
    public void A_single_platform_build_leaves_platform_qualified_annotations_out_as_BuildKit()
    {
        var format = ImageExportFlags.Read([], ["manifest[linux/amd64]:k=v", "manifest-descriptor[linux/s390x]:d=v", "manifest:m=v"],
            Platform.ParseList("linux/amd64"));

        Assert.Equal(new Dictionary<string, string> { ["m"] = "v" }, format.Annotations.ManifestFor(Platform.Parse("linux/amd64")));
        Assert.Empty(format.Annotations.ManifestDescriptorFor(Platform.Parse("linux/amd64")));
    }

    [Theory]
    [InlineData("noequals", "--annotation noequals: expected [TYPE:]KEY=VALUE")]
    [InlineData("config:k=v", "--annotation config:k=v: unknown annotation type \"config\" (manifest, index, manifest-descriptor, index-descriptor)")]
    [InlineData("index:k=v", "index annotations not supported for single platform export (build several --platform values for an index)")]
    [InlineData("index[linux/amd64]:k=v", "index annotations not supported for single platform export (build several --platform values for an index)")]
    [InlineData("manifest[linux/amd64:k=v", "--annotation manifest[linux/amd64:k=v: invalid annotation type \"manifest[linux/amd64\", expected type and optional platform in square brackets")]
    [InlineData("manifest[]:k=v", "--annotation manifest[]:k=v: invalid annotation type \"manifest[]\", expected type and optional platform in square brackets")]
    [InlineData("Manifest:k=v", "--annotation Manifest:k=v: invalid annotation type \"Manifest\", expected type and optional platform in square brackets")]
    [InlineData("manifest[bogus]:k=v", "--annotation manifest[bogus]:k=v: invalid platform \"bogus\": unknown operating system or architecture")]
    [InlineData("index-descriptor:k=v", "index annotations not supported for single platform export (build several --platform values for an index)")]
    public void A_bad_annotation_is_one_line(string annotation, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => ImageExportFlags.Read([], [annotation], OnePlatform)).Message);
    }

    [Fact]
    public void Index_descriptor_annotations_name_the_index_and_a_single_platforms_manifest_descriptor_names_its_manifest()
    {
        var several = ImageExportFlags.Read([Output("type=oci,dest=x.tar,annotation-index-descriptor.from-output=o")],
            ["index-descriptor:org.opencontainers.image.ref.name=v1", "index-descriptor[linux/arm64]:any=platform", "manifest-descriptor:m=d"], TwoPlatforms);
        var single = ImageExportFlags.Read([], ["manifest-descriptor:m=d", "manifest-descriptor[linux/amd64]:qualified=left-out"], OnePlatform);

        Assert.Equal(new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = "v1", ["any"] = "platform", ["from-output"] = "o" },
            several.Annotations.RootDescriptor(isIndex: true));
        Assert.Equal(new Dictionary<string, string> { ["m"] = "d" }, several.Annotations.ManifestDescriptorFor(Platform.Parse("linux/amd64")));
        Assert.Equal(new Dictionary<string, string> { ["m"] = "d" }, single.Annotations.RootDescriptor(isIndex: false));
        Assert.Empty(single.Annotations.RootDescriptor(isIndex: true));
    }

    [Theory]
    [InlineData("manifest-descriptor:k=v")]
    [InlineData("index-descriptor:k=v")]
    [InlineData("index:k=v")]
    public void Descriptor_and_index_annotations_need_oci_media_types_as_BuildKit(string annotation)
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read([Output("type=oci,dest=x.tar,oci-mediatypes=false")], [annotation], TwoPlatforms));

        Assert.StartsWith("cannot export annotations with \"oci-mediatypes=false\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_platform_the_build_does_not_build_is_refused_with_BuildKits_message()
    {
        var error = Assert.Throws<HoistException>(() => ImageExportFlags.Read([], ["manifest[linux/s390x]:k=v"], TwoPlatforms));

        Assert.Equal("--annotation manifest[linux/s390x]:k=v: invalid annotation: no platform linux/s390x found in source", error.Message);
    }
}
