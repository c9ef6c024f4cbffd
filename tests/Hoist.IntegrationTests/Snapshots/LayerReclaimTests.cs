using Hoist.IntegrationTests.Building;

namespace Hoist.IntegrationTests.Snapshots;

/// <summary>Unpacked layers (snapshots/layers) are counted by du and deleted by rmi and prune once nothing references them.</summary>
public sealed class LayerReclaimTests
{
    private static int LayerCount(BuildStore store)
    {
        var layers = Path.Combine(store.Root, "snapshots", "layers", "sha256");
        return Directory.Exists(layers) ? Directory.EnumerateDirectories(layers).Count() : 0;
    }

    [RootFact]
    public void Rmi_of_every_image_and_prune_leave_no_unpacked_layer_and_du_counts_them_before()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN head -c 100000 /dev/zero > /data\n"));
        Assert.Equal(0, store.Hoist("build", "-t", "test/reclaim:1", context).ExitCode);
        Assert.Equal(2, LayerCount(store));
        var du = store.Hoist("du");
        Assert.Contains("Unpacked layers: 2, ", du.Stdout);
        Assert.Contains("(0 reclaimable, 0B; 1 without a blob until exported)", du.Stdout);

        var rmi = store.Hoist("rmi", "test/reclaim:1");
        Assert.True(rmi.ExitCode == 0, rmi.Stderr);
        // The RUN's layer is still the build cache's, busybox's still an image's.
        Assert.Equal(2, LayerCount(store));
        Assert.Equal(0, store.Hoist("rmi", "hoist-fixtures/busybox:latest").ExitCode);
        Assert.Equal(1, LayerCount(store));

        var prune = store.Hoist("prune");
        Assert.True(prune.ExitCode == 0, prune.Stderr);
        Assert.Contains("Deleted unpacked layers:", prune.Stdout);
        Assert.Equal(0, LayerCount(store));
        Assert.DoesNotContain("Unpacked layers", store.Hoist("du").Stdout);
    }
}
