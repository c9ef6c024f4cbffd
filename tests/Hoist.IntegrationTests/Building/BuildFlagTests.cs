using System.Text.Json;

namespace Hoist.IntegrationTests.Building;

/// <summary><c>docker buildx build</c> flags users pass to <c>hoist build</c> (issue 15 item 11).</summary>
public sealed class BuildFlagTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void Metadata_file_has_BuildKits_keys_and_load_is_accepted()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a"));
        var metadata = Path.Combine(context, "..", Path.GetFileName(context) + ".metadata.json");
        var iid = Path.Combine(context, "..", Path.GetFileName(context) + ".iid");

        var build = store.Hoist("build", "--load", "-t", "meta-test:1", "--metadata-file", metadata, "--iidfile", iid, context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        var root = json.RootElement;
        Assert.Equal(File.ReadAllText(iid), root.GetProperty("containerimage.config.digest").GetString());
        var digest = root.GetProperty("containerimage.digest").GetString();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        var descriptor = root.GetProperty("containerimage.descriptor");
        Assert.Equal(digest, descriptor.GetProperty("digest").GetString());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", descriptor.GetProperty("mediaType").GetString());
        Assert.True(descriptor.GetProperty("size").GetInt64() > 0);
        Assert.Equal("docker.io/library/meta-test:1", root.GetProperty("image.name").GetString());
    }
}
