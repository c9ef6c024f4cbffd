using Hoist.Analysis.Sbom;
using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// Compares a multi-stage build's stage images with its final image: the tools, packages and files the split left
/// behind. The entry point the build summary calls with the stage images it built.
/// </summary>
public static class LeftBehind
{
    /// <summary>The recipe of the layer records these reports keep (<see cref="LayerRecordCache"/>).</summary>
    public static string Recipe => Options(null).Recipe;

    /// <summary>Walks <paramref name="image"/> as these reports do, only to leave its layers' records behind.</summary>
    public static Task WalkAsync(AnalysisImage image, LayerRecordCache records, CancellationToken cancellationToken) =>
        ImageAnalyzer.WalkAsync(image, Options(records), cancellationToken);

    /// <summary>Records a layer for these reports while something else streams it (the unpack of a pulled base).</summary>
    public static LayerRecorder Recorder(LayerRecordCache records) => new(records, Options(null));

    /// <summary>Walks the layers of <paramref name="image"/> (a stage's base) as these reports do, for a report to
    /// continue with the layers a stage adds (see <see cref="StartedWalk"/>).</summary>
    public static async Task<StartedWalk> StartAsync(AnalysisImage image, LayerRecordCache? records, CancellationToken cancellationToken)
    {
        var walk = ImageAnalyzer.NewWalk(Options(records));
        await walk.RunAsync(image, cancellationToken).ConfigureAwait(false);
        return new StartedWalk([.. image.Layers.Select(l => l.Digest)], walk);
    }

    public static Task<LeftBehindReport> CompareAsync(IReadOnlyList<AnalysisImage> stages, AnalysisImage final, LayerRecordCache? records,
        CancellationToken cancellationToken) => CompareAsync(stages, final, records, StartedWalks.None, cancellationToken);

    /// <summary>As <see cref="CompareAsync(IReadOnlyList{AnalysisImage}, AnalysisImage, LayerRecordCache?, CancellationToken)"/>,
    /// continuing the walks in <paramref name="started"/> that images begin with.</summary>
    public static async Task<LeftBehindReport> CompareAsync(IReadOnlyList<AnalysisImage> stages, AnalysisImage final, LayerRecordCache? records,
        StartedWalks started, CancellationToken cancellationToken)
    {
        var walks = new List<StageWalk>();
        foreach (var stage in stages) walks.Add(await WalkStageAsync(stage, records, started.Take(stage), cancellationToken).ConfigureAwait(false));
        return await CompareAsync(walks, final, records, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Walks a stage image as the report needs it, continuing <paramref name="started"/> when the image begins
    /// with its layers: a stage built early in a build is walked while the rest builds.</summary>
    public static async Task<StageWalk> WalkStageAsync(AnalysisImage stage, LayerRecordCache? records, StartedWalk? started,
        CancellationToken cancellationToken)
    {
        var (walk, packages) = await ImageAnalyzer.WalkAsync(stage, Options(records), started, cancellationToken).ConfigureAwait(false);
        return new StageWalk(walk.FileSystem, packages, [.. Tools(walk.FileSystem)]);
    }

    /// <summary>As <see cref="CompareAsync(IReadOnlyList{AnalysisImage}, AnalysisImage, LayerRecordCache?, CancellationToken)"/>,
    /// with the stages walked already.</summary>
    public static async Task<LeftBehindReport> CompareAsync(IReadOnlyList<StageWalk> stages, AnalysisImage final, LayerRecordCache? records,
        StartedWalks started, CancellationToken cancellationToken)
    {
        var options = Options(records);
        var (finalWalk, finalPackages) = await ImageAnalyzer.WalkAsync(final, options, started.Take(final), cancellationToken).ConfigureAwait(false);
        var finalTools = Tools(finalWalk.FileSystem).ToHashSet(StringComparer.Ordinal);
        var finalPackageKeys = finalPackages.Select(Key).ToHashSet();
        var tools = new SortedSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<(string, string, string)>();
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        var (count, bytes) = (0, 0L);
        foreach (var stage in stages)
        {
            tools.UnionWith(stage.Tools.Where(t => !finalTools.Contains(t)));
            packages.UnionWith(stage.Packages.Select(Key).Where(k => !finalPackageKeys.Contains(k)));
            foreach (var (directory, node) in FilesNotIn(finalWalk.FileSystem, stage.FileSystem.Root))
            {
                if (stages.Count == 1)
                {
                    (count, bytes) = (count + 1, bytes + node.ContentSize); // one tree: each path once, no need to name it
                    continue;
                }
                var path = directory + "/" + node.Name;
                files[path] = Math.Max(node.ContentSize, files.GetValueOrDefault(path));
            }
        }
        return stages.Count == 1
            ? new LeftBehindReport([.. tools], packages.Count, count, bytes)
            : new LeftBehindReport([.. tools], packages.Count, files.Count, files.Values.Sum());
    }

    /// <summary>The files (not directories) of a stage the final image has no path for, by the path of their directory:
    /// each stage directory is looked up in the final image once, its entries by name there (as <c>Find(path)</c> would,
    /// without splitting tens of thousands of paths again).</summary>
    private static IEnumerable<(string Directory, FileNode Node)> FilesNotIn(MergedFileSystem final, FileNode stageRoot)
    {
        var pending = new Stack<(FileNode Directory, string Path)>();
        pending.Push((stageRoot, ""));
        while (pending.TryPop(out var item))
        {
            if (item.Directory.ChildMap is not { } children) continue;
            var finalDirectory = final.FindDirectory(item.Path.Length == 0 ? "/" : item.Path);
            foreach (var node in children.Values)
            {
                if (node.ChildMap is not null) pending.Push((node, item.Path + "/" + node.Name));
                if (node.Type == TarEntryType.Directory || finalDirectory?.Child(node.Name) is not null) continue;
                yield return (item.Path, node);
            }
        }
    }

    /// <summary>The compilers and package managers <paramref name="image"/> ships (what a build stage would keep out).</summary>
    public static Task<IReadOnlyList<string>> ToolchainAsync(AnalysisImage image, LayerRecordCache? records, CancellationToken cancellationToken) =>
        ToolchainAsync(image, records, StartedWalks.None, cancellationToken);

    /// <summary>As <see cref="ToolchainAsync(AnalysisImage, LayerRecordCache?, CancellationToken)"/>, continuing a walk
    /// in <paramref name="started"/> that the image begins with.</summary>
    public static async Task<IReadOnlyList<string>> ToolchainAsync(AnalysisImage image, LayerRecordCache? records, StartedWalks started,
        CancellationToken cancellationToken)
    {
        var (walk, _) = await ImageAnalyzer.WalkAsync(image, Options(records), started.Take(image), cancellationToken).ConfigureAwait(false);
        return [.. Tools(walk.FileSystem).Distinct().Order(StringComparer.Ordinal)];
    }

    private static AnalysisOptions Options(LayerRecordCache? records) => new() { Packages = true, Secrets = false, LayerRecords = records };

    /// <summary>Compilers and package managers (a shell left behind is not news: nearly every base has one).</summary>
    private static IEnumerable<string> Tools(MergedFileSystem fileSystem) =>
        AttackSurface.Scan(fileSystem, user: "nobody")
            .Where(f => f.Kind is FindingKind.Compiler or FindingKind.PackageManager)
            .Select(f => f.Detail);

    private static (string, string, string) Key(SoftwarePackage package) => (package.Ecosystem, package.FullName, package.Version);
}
