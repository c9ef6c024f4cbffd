namespace Hoist.Analysis.Sbom;

/// <summary>A module line of Go build info: path, version (<c>(devel)</c> for the main module built from source),
/// go.sum hash, and the module that replaced it, if any.</summary>
public sealed record GoModule(string Path, string Version, string? Sum)
{
    public GoModule? Replacement { get; init; }
}
