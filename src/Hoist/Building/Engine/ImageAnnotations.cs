namespace Hoist.Building.Engine;

/// <summary>
/// OCI annotations a build puts on its image, by where buildx's <c>--annotation TYPE:KEY=VALUE</c> places them:
/// the manifest (the default), the index of a multi-platform image, or the descriptors of the manifests in that index.
/// </summary>
public sealed record ImageAnnotations
{
    public static ImageAnnotations None { get; } = new();

    public IReadOnlyDictionary<string, string> Manifest { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Index { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ManifestDescriptor { get; init; } = new Dictionary<string, string>();

    /// <summary>Null when empty, as the OCI field is then left out.</summary>
    internal static IReadOnlyDictionary<string, string>? OrNull(IReadOnlyDictionary<string, string> annotations) =>
        annotations.Count == 0 ? null : new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal);
}
