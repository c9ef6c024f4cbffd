using Hoist.Formats;

namespace Hoist.Tests.Formats;

/// <summary>docker buildx's <c>-o/--output</c> syntax, as <c>hoist build</c> reads it.</summary>
public sealed class BuildOutputParserTests
{
    private static BuildOutput Parse(string text, bool terminal = false) => BuildOutputParser.Parse(text, terminal);

    private static string Error(string text, bool terminal = false)
    {
        var error = Assert.ThrowsAny<HoistException>(() => Parse(text, terminal));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void A_bare_path_is_a_local_directory_and_a_bare_dash_is_a_tar_on_standard_output()
    {
        Assert.Equal((BuildOutputType.Local, "out/dir"), (Parse("out/dir").Type, Parse("out/dir").Destination));
        var dash = Parse("-");
        Assert.Equal(BuildOutputType.Tar, dash.Type);
        Assert.True(dash.IsStandardOutput);
        // buildx only looks for type= when the text is one field: "dest=x" alone is a directory named so
        Assert.Equal(("dest=x", BuildOutputType.Local), (Parse("dest=x").Destination, Parse("dest=x").Type));
    }

    [Fact]
    public void Each_type_with_its_destination()
    {
        Assert.Equal((BuildOutputType.Local, "d"), (Parse("type=local,dest=d").Type, Parse("type=local,dest=d").Destination));
        Assert.Equal((BuildOutputType.Tar, "f.tar"), (Parse("type=tar,dest=f.tar").Type, Parse("type=tar,dest=f.tar").Destination));
        var oci = Parse("type=oci,dest=image.tar");
        Assert.Equal((BuildOutputType.Oci, "image.tar", true), (oci.Type, oci.Destination, oci.Tar));
        var layout = Parse("type=oci,dest=layout,tar=false");
        Assert.Equal((BuildOutputType.Oci, "layout", false), (layout.Type, layout.Destination, layout.Tar));
        Assert.Equal(BuildOutputType.Docker, Parse("type=docker,dest=d.tar").Type);
        var image = Parse("type=image");
        Assert.Equal((BuildOutputType.Image, false, 0), (image.Type, image.Push, image.Names.Count));
    }

    [Fact]
    public void Registry_is_an_image_with_push_and_names_may_be_a_quoted_list()
    {
        var registry = Parse("type=registry,name=127.0.0.1:5000/a:1");
        Assert.Equal((BuildOutputType.Image, true), (registry.Type, registry.Push));
        Assert.Equal(["127.0.0.1:5000/a:1"], registry.Names);
        var image = Parse("type=image,\"name=a:1,b:2\",push=true");
        Assert.Equal(["a:1", "b:2"], image.Names);
        Assert.True(image.Push);
        Assert.False(Parse("type=image,push=false").Push);
        Assert.Equal("x\"y", Parse("type=local,\"dest=x\"\"y\"").Destination);
    }

    [Fact]
    public void Unknown_attributes_are_kept_and_ignored_as_buildkit_does()
    {
        var output = Parse("type=image,name=a,compression=zstd,Oci-Mediatypes=true");
        Assert.Equal("zstd", output.Attributes["compression"]);
        Assert.Equal("true", output.Attributes["oci-mediatypes"]);
    }

    [Fact]
    public void Archives_without_dest_go_to_standard_output_unless_it_is_a_terminal()
    {
        Assert.True(Parse("type=tar").IsStandardOutput);
        Assert.True(Parse("type=oci").IsStandardOutput);
        Assert.True(Parse("type=docker,dest=-").IsStandardOutput);
        Assert.Contains("refusing to write a tar to the terminal", Error("type=docker", terminal: true));
        Assert.Contains("refusing to write a tar to the terminal", Error("-", terminal: true));
        Assert.Contains("needs dest=FILE", Error("type=tar,dest=-", terminal: true));
    }

    [Fact]
    public void Errors_are_one_line_naming_the_cause()
    {
        Assert.Equal("unknown output type \"cacheonly\": expected image, registry, local, tar, oci or docker", Error("type=cacheonly"));
        Assert.Contains("type is required", Error("dest=a,name=b"));
        Assert.Contains("type=local needs dest=DIRECTORY", Error("type=local"));
        Assert.Contains("not standard output", Error("type=local,dest=-"));
        Assert.Contains("tar=false needs dest=DIRECTORY", Error("type=oci,tar=false"));
        Assert.Contains("\"push\" is not KEY=VALUE", Error("type=image,push"));
        Assert.Contains("push=\"maybe\" is not true or false", Error("type=image,push=maybe"));
        Assert.Contains("not closed", Error("type=local,\"dest=x"));
        Assert.Contains("it is empty", Error(""));
    }
}
