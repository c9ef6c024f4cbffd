using Hoist.Cli;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Cli;

/// <summary><c>rmi</c>, <c>prune</c> and <c>du</c>: commands that remove content or measure it.</summary>
public sealed class StoreCommandsTests : IDisposable
{
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private CliRun Hoist(params string[] args) => CliRun.WithRoot(_test.Root, args);

    [Fact]
    public async Task Rmi_untags_and_deletes_blobs_no_other_image_uses()
    {
        var kept = await TestImages.WriteAsync(_test.Store, "kept", ["shared"]);
        var removed = await TestImages.WriteAsync(_test.Store, "removed", ["shared", "own"]);

        var run = Hoist("rmi", "removed");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Untagged: removed:latest", lines[0]);
        Assert.Equal(
            new[] { removed.ManifestDigest, removed.Id, removed.Layers[1].Digest }.Select(d => $"Deleted: {d}").Order(StringComparer.Ordinal),
            lines[1..].Order(StringComparer.Ordinal));
        Assert.All(kept.Blobs, d => Assert.True(_test.Store.Contains(d)));
        Assert.Null(_test.Store.Names.Lookup(ImageReference.Parse("removed")));
    }

    [Fact]
    public async Task Rmi_of_one_of_several_tags_deletes_nothing()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app:1", ["a"]);
        await _test.Store.Names.SetAsync(ImageReference.Parse("app:2"), app.ManifestDigest);

        var run = Hoist("rmi", "app:1");

        Assert.Equal("Untagged: app:1\n", run.Output);
        Assert.All(app.Blobs, d => Assert.True(_test.Store.Contains(d)));
    }

    [Fact]
    public async Task Rmi_by_id_of_an_image_with_several_names_needs_force()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app:1", ["a"]);
        await _test.Store.Names.SetAsync(ImageReference.Parse("app:2"), app.ManifestDigest);
        var shortId = app.Id.Hex[..12];

        var refused = Hoist("rmi", shortId);
        var forced = Hoist("rmi", "-f", shortId);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"error: conflict: unable to delete {shortId} (must be forced) - image is referenced in multiple repositories\n", refused.Error);
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("Untagged: app:1\nUntagged: app:2\nDeleted: ", forced.Output);
        Assert.Empty(_test.Store.EnumerateBlobs());
    }

    [Fact]
    public async Task Rmi_no_prune_only_untags()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"]);

        var run = Hoist("rmi", "--no-prune", "app");

        Assert.Equal("Untagged: app:latest\n", run.Output);
        Assert.All(app.Blobs, d => Assert.True(_test.Store.Contains(d)));
    }

    [Fact]
    public async Task Prune_removes_unreferenced_blobs_and_reports_space()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"]);
        var loose = await TestImages.WriteLooseBlobAsync(_test.Store, "1234567");

        var run = Hoist("prune");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"Deleted blobs:\ndeleted: {loose.Digest}\n\nTotal reclaimed space: 7B\n", run.Output);
        Assert.False(_test.Store.Contains(loose.Digest));
        Assert.All(app.Blobs, d => Assert.True(_test.Store.Contains(d)));
        Assert.Equal("Total reclaimed space: 0B\n", Hoist("prune").Output);
    }

    [Fact]
    public async Task Du_reports_referenced_and_reclaimable()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a", "b"]);
        await TestImages.WriteLooseBlobAsync(_test.Store, new string('x', 2500));
        var referencedBytes = app.Size + app.Manifest.Size;

        var run = Hoist("du");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Equal("TYPE          BLOBS     SIZE", lines[0]);
        Assert.Equal($"Referenced    4         {HumanUnits.Size(referencedBytes)}", lines[1]);
        Assert.Equal("Build cache   0         0B", lines[2]);
        Assert.Equal("Reclaimable   1         2.5kB", lines[3]);
        Assert.Equal($"Total         5         {HumanUnits.Size(referencedBytes + 2500)}", lines[4]);
        Assert.Equal($"Store: {_test.Root} (1 image name)", lines[5]);
    }
}
