using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Tests.Archives;

namespace Hoist.Tests.Analysis;

/// <summary>A layer recorded while it is unpacked: its blob read once, the record the same as a walk of the blob keeps.</summary>
public sealed class LayerRecorderTests : IDisposable
{
    private readonly TempTree _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static AnalysisImage Image() => new LayeredImage()
        .Layer(l => l.Dir("etc").File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").Symlink("etc/alias", "os-release")
            .Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED).HardLink("usr/bin/cc", "usr/bin/gcc-12")
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n")
            .File("empty", "").Whiteout("gone"))
        .Build("recorded");

    [Fact]
    public async Task A_layer_applied_with_a_recorder_is_read_once_and_recorded_as_a_walk_of_its_blob_would_be()
    {
        var image = Image();
        var layer = image.Layers[0];
        var recorded = new LayerRecordCache(Path.Combine(_tmp.Root, "recorded"));
        using var blob = new CountingReadStream(image.OpenLayer(layer));
        var recorder = LeftBehind.Recorder(recorded);

        var result = LayerApplier.Apply(blob, _tmp.Dir("root"), new LayerApplyOptions { Observer = recorder, Chown = false });
        var size = recorder.Save(layer.Digest, result.TarSize);

        Assert.Equal(layer.Size, blob.BytesRead);
        using (var again = image.OpenLayer(layer)) Assert.Equal(UncompressedDigest.Of(again), result.DiffId);
        var walked = new LayerRecordCache(Path.Combine(_tmp.Root, "walked"));
        await LeftBehind.WalkAsync(image, walked, CancellationToken.None);
        var expected = walked.TryLoad(layer.Digest, LeftBehind.Recipe)!;
        var actual = recorded.TryLoad(layer.Digest, LeftBehind.Recipe)!;
        Assert.Equal(Json(expected), Json(actual));
        Assert.Equal((expected.TarSize, expected.ContentSize), (size.Tar, size.Content));
        Assert.Contains(actual.Entries, e => e.Name == "var/lib/dpkg/status" && e.Evidence is { Count: > 0 });
    }

    [Fact]
    public async Task The_summary_replays_the_record_without_opening_the_blob()
    {
        var image = Image();
        var records = new LayerRecordCache(Path.Combine(_tmp.Root, "records"));
        using (var blob = image.OpenLayer(image.Layers[0]))
        {
            var recorder = LeftBehind.Recorder(records);
            recorder.Save(image.Layers[0].Digest, LayerApplier.Apply(blob, _tmp.Dir("root"), new LayerApplyOptions { Observer = recorder, Chown = false }).TarSize);
        }
        var unreadable = image with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };

        var tools = await LeftBehind.ToolchainAsync(unreadable, records, CancellationToken.None);

        Assert.Contains("gcc 12", tools);
    }

    private static string Json(LayerRecord record) => System.Text.Json.JsonSerializer.Serialize(record, AnalysisJsonContext.Default.LayerRecord);
}
