using System.Text.Json;
using Hoist.Content;

namespace Hoist.IntegrationTests.Formats;

/// <summary>
/// <c>docker load</c> reads what <c>hoist save</c> writes, and <c>hoist load</c> reads what <c>docker save</c> writes,
/// with the image ID (config digest) and diffIDs unchanged. Skipped when docker is not available.
/// </summary>
public sealed class DockerLoadInteropTests(BusyboxImage busybox, DockerDaemon docker)
    : IClassFixture<BusyboxImage>, IClassFixture<DockerDaemon>
{
    [RequiresDockerFact]
    public async Task DockerLoadsOurArchiveWithTheSameImageIdAndDiffIds()
    {
        var image = await ContentStore.Open(busybox.Root).ResolveImageAsync(busybox.Id);
        var archive = busybox.NewPath("for-docker") + ".tar";
        BusyboxImage.Hoist(busybox.Root, "save", "busybox:latest", "-o", archive);

        Assert.Contains("Loaded image: busybox:latest", docker.Docker("load", "-i", archive));

        var inspected = JsonDocument.Parse(docker.Docker("image", "inspect", "busybox:latest")).RootElement[0];
        Assert.Equal(image.Id.ToString(), inspected.GetProperty("Id").GetString());
        Assert.Equal(image.Config.Config.RootFs.DiffIds.Select(d => d.ToString()),
            inspected.GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["sh"], inspected.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(c => c.GetString()));
    }

    [RequiresDockerFact]
    public async Task WeLoadWhatDockerSaves()
    {
        var image = await ContentStore.Open(busybox.Root).ResolveImageAsync(busybox.Id);
        var ours = busybox.NewPath("to-docker") + ".tar";
        BusyboxImage.Hoist(busybox.Root, "save", "busybox:latest", "-o", ours);
        docker.Docker("load", "-i", ours);
        docker.Docker("tag", "busybox:latest", "example.com/team/busybox:saved");
        var saved = busybox.NewPath("docker-save") + ".tar";
        docker.Docker("save", "-o", saved, "example.com/team/busybox:saved");

        var root = busybox.NewPath("from-docker");
        Assert.Equal("Loaded image: example.com/team/busybox:saved\n", BusyboxImage.Hoist(root, "load", "-i", saved));
        var loaded = await ContentStore.Open(root).ResolveImageAsync("example.com/team/busybox:saved");
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(image.Config.Config.RootFs.DiffIds, loaded.Config.Config.RootFs.DiffIds);
    }
}
