namespace Hoist.Analysis;

/// <summary>What an analysis should do besides sizes and the attack surface.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The base image's share of the layers; unknown when null (every layer is then counted as the image's own).</summary>
    public BaseLayers? Base { get; init; }

    /// <summary>Also run the SBOM scanners (package databases, manifests, Go binaries, jars…).</summary>
    public bool Packages { get; init; }

    /// <summary>Look for keys and credentials in small files (reads their content).</summary>
    public bool Secrets { get; init; } = true;

    /// <summary>Where layer walks are kept and replayed from (the state dir's); null: every layer is read.</summary>
    public LayerRecordCache? LayerRecords { get; init; }

    /// <summary>Names the inspectors these options run, for <see cref="LayerRecords"/>.</summary>
    public string Recipe => (Packages ? "packages" : "") + (Secrets ? "secrets" : "") is { Length: > 0 } r ? r : "sizes";
}
