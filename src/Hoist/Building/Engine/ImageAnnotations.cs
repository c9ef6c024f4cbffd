using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// OCI annotations a build puts on its image, by where buildx's <c>--annotation TYPE[PLATFORM]:KEY=VALUE</c> places them:
/// the manifest (the default), the index of a multi-platform image, the descriptors of the manifests in that index, or
/// the descriptor of the index itself (an OCI layout's <c>index.json</c> entry).
/// A platform-qualified manifest or manifest-descriptor annotation goes on that platform's only, over an unqualified
/// one of the same key (BuildKit's <c>AnnotationsGroup.Platform</c>).
/// </summary>
public sealed record ImageAnnotations
{
    public static ImageAnnotations None { get; } = new();

    public IReadOnlyDictionary<string, string> Manifest { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Index { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ManifestDescriptor { get; init; } = new Dictionary<string, string>();

    /// <summary><c>index-descriptor:</c> annotations: on the descriptor naming a multi-platform image's index.</summary>
    public IReadOnlyDictionary<string, string> IndexDescriptor { get; init; } = new Dictionary<string, string>();

    /// <summary><c>manifest[PLATFORM]:</c> annotations by platform (normalised, <c>os/arch[/variant]</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> PlatformManifest { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary><c>manifest-descriptor[PLATFORM]:</c> annotations by platform (normalised, <c>os/arch[/variant]</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> PlatformManifestDescriptor { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The annotations of <paramref name="platform"/>'s manifest.</summary>
    public IReadOnlyDictionary<string, string> ManifestFor(Platform platform) => Merged(Manifest, PlatformManifest, platform);

    /// <summary>The annotations of <paramref name="platform"/>'s descriptor in the index.</summary>
    public IReadOnlyDictionary<string, string> ManifestDescriptorFor(Platform platform) =>
        Merged(ManifestDescriptor, PlatformManifestDescriptor, platform);

    /// <summary>
    /// The annotations of the descriptor naming the whole image, as BuildKit's exporters return it (the entry of an oci
    /// or docker output's <c>index.json</c>, <c>--metadata-file</c>'s <c>containerimage.descriptor</c>): an index's
    /// carries the <c>index-descriptor</c> ones, a single-platform manifest's the unqualified <c>manifest-descriptor</c>
    /// ones (BuildKit's <c>AnnotationsGroup.Platform(nil)</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> RootDescriptor(bool isIndex) => isIndex ? IndexDescriptor : ManifestDescriptor;

    private static IReadOnlyDictionary<string, string> Merged(IReadOnlyDictionary<string, string> all,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byPlatform, Platform platform)
    {
        if (!byPlatform.TryGetValue(Key(platform), out var own)) return all;
        var merged = all.ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in own) merged[key] = value;
        return merged;
    }

    /// <summary>How a platform is looked up: normalised as containerd does, os/arch[/variant] only.</summary>
    public static string Key(Platform platform) =>
        PlatformMatcher.Normalize(new Platform { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant }).ToString();

    /// <summary>Null when empty, as the OCI field is then left out.</summary>
    internal static IReadOnlyDictionary<string, string>? OrNull(IReadOnlyDictionary<string, string> annotations) =>
        annotations.Count == 0 ? null : new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal);
}
