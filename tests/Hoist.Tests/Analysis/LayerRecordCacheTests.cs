using Hoist.Analysis;

namespace Hoist.Tests.Analysis;

/// <summary>A layer walked once is replayed from its record: the same analysis, without opening the blob.</summary>
public sealed class LayerRecordCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hoist-layer-records-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AnalysisImage Image() => new LayeredImage()
        .Layer(l => l.Dir("etc").File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian 12\"\n")
            .Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED).File("usr/bin/passwd", new byte[10], 0xFED)
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n")
            .Dir("tmp").File("tmp/big", new byte[5000]))
        .Layer(l => l.Whiteout("tmp/big").Dir("root").File("root/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n", 0x180)
            .HardLink("usr/bin/cc", "usr/bin/gcc-12"))
        .Build("recorded");

    [Fact]
    public async Task A_replayed_walk_gives_the_same_analysis_without_reading_the_layers()
    {
        var options = new AnalysisOptions { Packages = true, LayerRecords = new LayerRecordCache(_directory) };
        var walked = await ImageAnalyzer.AnalyzeAsync(Image(), options, CancellationToken.None);
        Assert.Equal(2, Directory.GetFiles(_directory).Length);

        var unreadable = Image() with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };
        var replayed = await ImageAnalyzer.AnalyzeAsync(unreadable, options, CancellationToken.None);

        Assert.Equal(walked.Layers, replayed.Layers);
        Assert.Equal(walked.Files, replayed.Files);
        Assert.Equal(5000, replayed.WastedBytes);
        Assert.Equal(walked.Findings.Select(f => (f.Kind, f.Path, f.Detail)), replayed.Findings.Select(f => (f.Kind, f.Path, f.Detail)));
        Assert.Contains(replayed.Findings, f => f.Kind == FindingKind.PrivateKey);
        Assert.Equal(walked.Packages, replayed.Packages);
        Assert.Single(replayed.Packages);
        Assert.Equal("debian", replayed.OsRelease?.Id);
    }

    [Fact]
    public async Task Records_are_kept_per_inspector_set_and_a_damaged_record_is_walked_again()
    {
        var records = new LayerRecordCache(_directory);
        await ImageAnalyzer.AnalyzeAsync(Image(), new AnalysisOptions { Secrets = false, LayerRecords = records }, CancellationToken.None);
        var unreadable = Image() with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };

        // With secrets the walk learns more than the sizes-only record holds: it must read the layers.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ImageAnalyzer.AnalyzeAsync(unreadable, new AnalysisOptions { LayerRecords = records }, CancellationToken.None));

        foreach (var file in Directory.GetFiles(_directory)) File.WriteAllText(file, "{not json");
        var again = await ImageAnalyzer.AnalyzeAsync(Image(), new AnalysisOptions { Secrets = false, LayerRecords = records }, CancellationToken.None);
        Assert.Equal(5000, again.WastedBytes);
        Assert.NotNull(records.TryLoad(Image().Layers[0].Digest, new AnalysisOptions { Secrets = false }.Recipe));
    }

    [Fact]
    public async Task A_json_record_of_the_first_version_is_replayed_and_kept_in_the_binary_form()
    {
        var records = new LayerRecordCache(_directory);
        var options = new AnalysisOptions { Packages = true, LayerRecords = records };
        var walked = await ImageAnalyzer.AnalyzeAsync(Image(), options, CancellationToken.None);
        foreach (var file in Directory.GetFiles(_directory))
        {
            var record = LayerRecordFormat.Read(File.ReadAllBytes(file));
            File.WriteAllText(file + ".json", System.Text.Json.JsonSerializer.Serialize(record, AnalysisJsonContext.Default.LayerRecord));
            File.Move(file + ".json", file[..^"2".Length] + "1.json");
            File.Delete(file);
        }
        Assert.True(records.Contains(Image().Layers[0].Digest, options.Recipe));

        var unreadable = Image() with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };
        var replayed = await ImageAnalyzer.AnalyzeAsync(unreadable, options, CancellationToken.None);

        Assert.Equal(walked.Findings.Select(f => (f.Kind, f.Path, f.Detail)), replayed.Findings.Select(f => (f.Kind, f.Path, f.Detail)));
        Assert.Equal(walked.Packages, replayed.Packages);
        Assert.All(Directory.GetFiles(_directory), file => Assert.EndsWith(".v2", file));
        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task Pruning_removes_the_records_of_blobs_that_are_gone()
    {
        var records = new LayerRecordCache(_directory);
        var image = Image();
        await ImageAnalyzer.AnalyzeAsync(image, new AnalysisOptions { LayerRecords = records }, CancellationToken.None);
        var kept = image.Layers[1].Digest;

        Assert.True(records.Prune(blob => blob == kept) > 0);

        Assert.Null(records.TryLoad(image.Layers[0].Digest, new AnalysisOptions().Recipe));
        Assert.NotNull(records.TryLoad(kept, new AnalysisOptions().Recipe));
    }
}
