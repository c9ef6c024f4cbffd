using System.Text.Json;
using Hoist.IntegrationTests.Building;
using Hoist.IntegrationTests.Formats;

namespace Hoist.IntegrationTests.Analysis;

/// <summary>
/// <c>hoist inspect</c>'s Size is docker's: an image Hoist built (symlinks, a hard link, a deleted file) loaded into a
/// docker engine with the classic overlay2 store reports the same <c>.Size</c> (its layers' unpacked file bytes).
/// </summary>
public sealed class DockerSizeTests(BuildStore store, DockerDaemon docker) : IClassFixture<BuildStore>, IClassFixture<DockerDaemon>
{
    [RequiresDockerFact]
    public void Inspect_size_equals_docker_image_inspect_size()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            RUN dd if=/dev/zero of=/big bs=1000 count=50 && ln /big /big.hard && ln -s /big /big.link && echo gone > /gone
            RUN rm /gone && echo 12345 > /small
            """));
        Assert.True(store.Hoist("build", "-t", "sizes:1", context).ExitCode == 0);
        var archive = Path.Combine(context, "sizes.tar");
        Assert.True(store.Hoist("save", "--format", "docker", "-o", archive, "sizes:1").ExitCode == 0);
        docker.Docker("load", "-i", archive);
        var driver = docker.Docker("info", "--format", "{{.Driver}}").Trim();

        var ours = JsonDocument.Parse(store.Hoist("inspect", "sizes:1").Stdout).RootElement[0];
        var theirs = long.Parse(docker.Docker("image", "inspect", "--format", "{{.Size}}", "sizes:1").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(driver == "overlay2", $"the comparison needs docker's overlay2 store, this engine uses {driver}");
        Assert.Equal(theirs, ours.GetProperty("Size").GetInt64());
        Assert.True(ours.GetProperty("CompressedSize").GetInt64() < theirs, "compressed blobs are smaller than the files");
    }
}
