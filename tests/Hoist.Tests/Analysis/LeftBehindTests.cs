using Hoist.Analysis;
using Hoist.Tests.Content;

namespace Hoist.Tests.Analysis;

/// <summary>What a multi-stage build's stages had that its final image does not.</summary>
public sealed class LeftBehindTests
{
    [Fact]
    public async Task Tools_packages_and_files_only_the_stages_had_are_left_behind()
    {
        const string status = "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n\nPackage: libc6\nStatus: install ok installed\nVersion: 2.36-9\n";
        var build = new LayeredImage().Layer(l => l
            .Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED).Symlink("usr/bin/gcc", "gcc-12")
            .File("usr/bin/npm", "#!/bin/sh", 0x1ED).File("usr/bin/app", new byte[100], 0x1ED)
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", status)).Build("build");
        var final = new LayeredImage().Layer(l => l
            .Dir("usr").Dir("usr/bin").File("usr/bin/app", new byte[100], 0x1ED)
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", "Package: libc6\nVersion: 2.36-9\n")).Build("final");

        var report = await LeftBehind.CompareAsync([build], final, null, CancellationToken.None);

        Assert.Equal(["gcc 12", "npm"], report.Tools);
        Assert.Equal(1, report.Packages);
        Assert.Equal(3, report.Files);
        Assert.Equal(3000 + "gcc-12".Length + "#!/bin/sh".Length, report.Bytes);
        Assert.Equal("left behind: gcc 12, npm, 1 package, 3015B", report.Describe(b => $"{b}B"));
    }

    [Fact]
    public async Task A_path_two_stages_left_behind_counts_once_with_its_larger_size()
    {
        var first = new LayeredImage().Layer(l => l.Dir("out").File("out/app", new byte[100]).File("out/a.o", new byte[10])).Build("first");
        var second = new LayeredImage().Layer(l => l.Dir("out").File("out/app", new byte[300]).Dir("out/kept")).Build("second");
        var final = new LayeredImage().Layer(l => l.Dir("out").Dir("out/a.o")).Build("final");

        var both = await LeftBehind.CompareAsync([first, second], final, null, CancellationToken.None);
        var one = await LeftBehind.CompareAsync([first], final, null, CancellationToken.None);

        Assert.Equal((1, 300L), (both.Files, both.Bytes));
        Assert.Equal((1, 100L), (one.Files, one.Bytes));
    }

    [Fact]
    public async Task A_base_walked_ahead_of_the_report_is_replayed_by_it_without_reading_a_layer()
    {
        var directory = Directory.CreateTempSubdirectory("hoist-left-behind-").FullName;
        try
        {
            var records = new LayerRecordCache(directory);
            var layers = new LayeredImage().Layer(l => l.Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED));
            await LeftBehind.WalkAsync(layers.Build("base"), records, CancellationToken.None);
            Assert.True(records.Contains(layers.Build("base").Layers[0].Digest, LeftBehind.Recipe));

            var unreadable = layers.Build("build") with { OpenLayer = _ => throw new InvalidOperationException("the blob was opened") };
            var final = new LayeredImage().Layer(l => l.Dir("app")).Build("final");
            var report = await LeftBehind.CompareAsync([unreadable], final, records, CancellationToken.None);

            Assert.Equal(["gcc 12"], report.Tools);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_stage_image_the_store_only_has_the_layers_of_is_analysed_from_its_config_and_blobs()
    {
        using var test = new TestStore();
        var written = await TestImages.WriteAsync(test.Store, null, ["stage layer", "more"], tarLayers: true);

        var image = AnalysisImage.FromStoredLayers(test.Store, "build", written.Config.Config, written.Manifest.Manifest.Layers);
        var analysis = await ImageAnalyzer.AnalyzeAsync(image, new AnalysisOptions { Base = new BaseLayers(1, "FROM base") }, CancellationToken.None);

        Assert.Equal(written.Id, analysis.Id);
        Assert.Equal(["stage layer".Length, "more".Length], analysis.Layers.Select(l => (int)l.ContentSize));
        Assert.Equal("more".Length, analysis.OwnContentSize);
        Assert.Equal([true, false, false], analysis.Instructions.Select(i => i.FromBase));
    }

    [Fact]
    public async Task A_walk_started_on_a_stage_base_is_continued_by_the_report_with_the_same_answer_and_no_base_read_again()
    {
        const string status = "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n\n";
        Action<LayeredImage.LayerBuilder> toolchain = l => l
            .Dir("usr").Dir("usr/bin").File("usr/bin/gcc-12", new byte[3000], 0x1ED).File("usr/bin/cc", new byte[10], 0x1ED)
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", status);
        var stage = new LayeredImage().Layer(toolchain)
            .Layer(l => l.Dir("src").File("src/main.c", "int main;").Whiteout("usr/bin/cc").File("app", new byte[50])).Build("build");
        var final = new LayeredImage().Layer(l => l.File("app", new byte[50])).Build("final");
        var whole = await LeftBehind.CompareAsync([stage], final, null, CancellationToken.None);

        var started = await LeftBehind.StartAsync(new LayeredImage().Layer(toolchain).Build("base"), null, CancellationToken.None);
        Assert.True(started.Begins(stage));
        var baseUnread = stage with
        {
            OpenLayer = d => d.Digest == stage.Layers[0].Digest ? throw new InvalidOperationException("the base layer was read again") : stage.OpenLayer(d),
        };
        var continued = await LeftBehind.CompareAsync([baseUnread], final, null, new StartedWalks([started]), CancellationToken.None);

        Assert.Equal(["gcc 12"], whole.Tools);
        Assert.Equal(whole.Tools, continued.Tools);
        Assert.Equal((whole.Packages, whole.Files, whole.Bytes), (continued.Packages, continued.Files, continued.Bytes));
    }

    [Fact]
    public async Task Started_walks_go_each_to_one_image_that_begins_with_them_the_longest_first()
    {
        Action<LayeredImage.LayerBuilder> a = l => l.File("a", "1"), b = l => l.File("b", "2"), c = l => l.File("c", "3");
        var image = new LayeredImage().Layer(a).Layer(b).Layer(c).Build("stage");
        var other = new LayeredImage().Layer(l => l.File("z", "9")).Build("other");
        var shortWalk = await LeftBehind.StartAsync(new LayeredImage().Layer(a).Build("one"), null, CancellationToken.None);
        var longWalk = await LeftBehind.StartAsync(new LayeredImage().Layer(a).Layer(b).Build("two"), null, CancellationToken.None);
        var walks = new StartedWalks([shortWalk, longWalk]);

        Assert.Null(walks.Take(other));
        Assert.Same(longWalk, walks.Take(image));
        Assert.Same(shortWalk, walks.Take(image));
        Assert.Null(walks.Take(image));
    }
}
