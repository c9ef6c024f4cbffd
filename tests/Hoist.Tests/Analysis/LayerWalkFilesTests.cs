using Hoist.Analysis;

namespace Hoist.Tests.Analysis;

/// <summary>A layer kept unpacked (a snapshot layer) is walked as its files: the analysis its tar would give, without
/// making or reading the tar.</summary>
public sealed class LayerWalkFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hoist-layer-files-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static LayeredImage Layers() => new LayeredImage()
        .Layer(l => l.Dir("etc").File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian 12\"\n")
            .Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED).File("usr/bin/empty", "")
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n")
            .Dir("tmp").File("tmp/big", new byte[5000]))
        .Layer(l => l.Whiteout("tmp/big").Dir("root").File("root/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n", 0x180)
            .HardLink("usr/bin/cc", "usr/bin/gcc-12").Symlink("usr/bin/c99", "gcc-12"));

    [Fact]
    public async Task Files_give_the_analysis_of_the_tar_and_the_blob_is_never_opened()
    {
        var options = new AnalysisOptions { Packages = true };
        var fromTar = await ImageAnalyzer.AnalyzeAsync(Layers().Build(), options, CancellationToken.None);
        var fromFiles = Layers().BuildWithFiles(_directory) with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };

        var walked = await ImageAnalyzer.AnalyzeAsync(fromFiles, options, CancellationToken.None);

        Assert.Equal(fromTar.Layers.Select(l => l with { TarSize = 0 }), walked.Layers.Select(l => l with { TarSize = 0 }));
        Assert.Equal(fromFiles.Layers.Select(l => l.Size), walked.Layers.Select(l => l.TarSize));
        Assert.Equal(fromTar.Files, walked.Files);
        Assert.Equal(5000, walked.WastedBytes);
        Assert.Equal(fromTar.Findings.Select(f => (f.Kind, f.Path, f.Detail)), walked.Findings.Select(f => (f.Kind, f.Path, f.Detail)));
        Assert.Contains(walked.Findings, f => f.Kind == FindingKind.PrivateKey);
        Assert.Equal(fromTar.Packages, walked.Packages);
        Assert.Single(walked.Packages);
        Assert.Equal("debian", walked.OsRelease?.Id);
    }

    [Fact]
    public async Task A_walk_of_files_is_recorded_like_a_walk_of_the_tar()
    {
        var records = new LayerRecordCache(Path.Combine(_directory, "records"));
        var options = new AnalysisOptions { Packages = true, LayerRecords = records };
        var image = Layers().BuildWithFiles(_directory);
        var walked = await ImageAnalyzer.AnalyzeAsync(image, options, CancellationToken.None);

        var replayed = await ImageAnalyzer.AnalyzeAsync(image with { Files = _ => throw new InvalidOperationException("walked again") }, options,
            CancellationToken.None);

        Assert.Equal(walked.Layers, replayed.Layers);
        Assert.Equal(walked.Packages, replayed.Packages);
    }

    [Fact]
    public async Task A_state_dir_s_cache_walks_a_small_layer_kept_unpacked_again_and_records_its_blob()
    {
        var records = LayerRecordCache.UnderStateRoot(Path.Combine(_directory, "state"));
        var options = new AnalysisOptions { Packages = true, LayerRecords = records };
        var small = new LayeredImage().Layer(l => l.Dir("work").Dir("work/w04"));

        var fromFiles = small.BuildWithFiles(_directory);
        await ImageAnalyzer.AnalyzeAsync(fromFiles, options, CancellationToken.None);
        Assert.False(records.Contains(fromFiles.Layers[0].Digest, options.Recipe));

        var fromBlob = small.Build();
        await ImageAnalyzer.AnalyzeAsync(fromBlob, options, CancellationToken.None);
        Assert.True(records.Contains(fromBlob.Layers[0].Digest, options.Recipe));
        Assert.Equal(17, records.SmallestWalkRecorded);
    }
}
