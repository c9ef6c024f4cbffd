namespace Hoist.Analysis.Sbom;

/// <summary>An image's SBOM: its final filesystem walked once with the package scanners, its OS from os-release.</summary>
public static class ImageSbom
{
    public static async Task<SbomDocument> CreateAsync(AnalysisImage image, CancellationToken cancellationToken)
    {
        var (walk, packages) = await ImageAnalyzer.WalkAsync(image, new AnalysisOptions { Packages = true, Secrets = false }, cancellationToken).ConfigureAwait(false);
        var os = walk.FileSystem.Root.Descendants().SelectMany(n => n.Evidence).OfType<OsReleaseEvidence>().FirstOrDefault();
        return SbomDocument.From(image, packages, os);
    }
}
