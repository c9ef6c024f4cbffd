using Hoist.Analysis.Sbom;

namespace Hoist.Analysis;

/// <summary>
/// The entry point of image analysis: one streaming walk over the layers gives sizes, wasted bytes, the attack
/// surface and, with <see cref="AnalysisOptions.Packages"/>, the packages the SBOM lists.
/// </summary>
public static class ImageAnalyzer
{
    public static async Task<ImageAnalysis> AnalyzeAsync(AnalysisImage image, AnalysisOptions options, CancellationToken cancellationToken)
    {
        var (walk, packages) = await WalkAsync(image, options, cancellationToken).ConfigureAwait(false);
        var user = image.Config.Config?.User ?? "";
        return new ImageAnalysis
        {
            Name = image.Name,
            Id = image.Id,
            User = user,
            Layers = walk.Layers,
            Instructions = Instructions(image, walk.Layers, options.Base),
            Base = options.Base,
            Findings = AttackSurface.Scan(walk.FileSystem, user),
            LargestWasted = walk.FileSystem.LargestWasted,
            Packages = packages,
            OsRelease = Evidence(walk.FileSystem).OfType<OsReleaseEvidence>().FirstOrDefault(),
            Files = walk.FileSystem.Root.Descendants().Count(),
        };
    }

    /// <summary>Only the merged filesystem and the packages in it (what <c>hoist sbom</c> needs).</summary>
    public static Task<(LayerWalk Walk, IReadOnlyList<SoftwarePackage> Packages)> WalkAsync(AnalysisImage image,
        AnalysisOptions options, CancellationToken cancellationToken) => WalkAsync(image, options, null, cancellationToken);

    /// <summary>As <see cref="WalkAsync(AnalysisImage, AnalysisOptions, CancellationToken)"/>, continuing
    /// <paramref name="started"/> (made with the same options) when <paramref name="image"/> begins with its layers.</summary>
    public static async Task<(LayerWalk Walk, IReadOnlyList<SoftwarePackage> Packages)> WalkAsync(AnalysisImage image,
        AnalysisOptions options, StartedWalk? started, CancellationToken cancellationToken)
    {
        var (walk, first) = started is { } begun && begun.Begins(image)
            ? (begun.Walk, begun.Layers.Count)
            : (NewWalk(options), 0);
        await walk.RunAsync(image, first, cancellationToken).ConfigureAwait(false);
        var packages = options.Packages ? PackageScanners.Collect(walk.FileSystem) : [];
        return (walk, packages);
    }

    /// <summary>A walk that inspects what <paramref name="options"/> ask for and reads and writes their layer records.</summary>
    internal static LayerWalk NewWalk(AnalysisOptions options) => new(Inspectors(options), options.LayerRecords, options.Recipe);

    /// <summary>What looks into file contents for <paramref name="options"/> (the set its <see cref="AnalysisOptions.Recipe"/> names).</summary>
    private static List<FileInspector> Inspectors(AnalysisOptions options)
    {
        var inspectors = new List<FileInspector>();
        if (options.Secrets) inspectors.Add(new SecretInspector());
        if (options.Packages) inspectors.AddRange(PackageScanners.All());
        return inspectors;
    }

    private static IEnumerable<FileEvidence> Evidence(MergedFileSystem fileSystem) =>
        fileSystem.Root.Descendants().SelectMany(n => n.Evidence);

    /// <summary>Non-empty history entries map, in order, onto the layers (as docker history shows them).</summary>
    private static List<InstructionFigures> Instructions(AnalysisImage image, IReadOnlyList<LayerFigures> layers, BaseLayers? baseLayers)
    {
        var result = new List<InstructionFigures>();
        var next = 0;
        foreach (var (entry, index) in (image.Config.History ?? []).Select((e, i) => (e, i)))
        {
            int? layer = entry.EmptyLayer || next >= layers.Count ? null : next++;
            var fromBase = baseLayers switch
            {
                null => false,
                { History: { } history } => index < history,
                _ => layer is { } l ? l < baseLayers.Count : next < baseLayers.Count,
            };
            result.Add(new InstructionFigures(entry.CreatedBy ?? "", layer, layer is { } i ? layers[i].ContentSize : 0,
                layer is { } j ? layers[j].CompressedSize : 0, fromBase));
        }
        return result;
    }
}
