namespace Hoist.Analysis.Sbom;

/// <summary>An image's SBOM: its final filesystem walked once with the package scanners, its OS from os-release.</summary>
public static class ImageSbom
{
    /// <param name="records">the state dir's layer records, replayed instead of reading layers walked before (null: read all).</param>
    public static async Task<SbomDocument> CreateAsync(AnalysisImage image, LayerRecordCache? records, CancellationToken cancellationToken)
    {
        var options = new AnalysisOptions { Packages = true, Secrets = false, LayerRecords = records };
        var (walk, packages) = await ImageAnalyzer.WalkAsync(image, options, cancellationToken).ConfigureAwait(false);
        var os = walk.FileSystem.Root.Descendants().SelectMany(n => n.Evidence).OfType<OsReleaseEvidence>().FirstOrDefault();
        return SbomDocument.From(image, packages, os);
    }
}
