using System.Globalization;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// The descriptor naming a built image as BuildKit's oci and docker exporters return it (observed with BuildKit v0.25
/// in docker 28.5): it starts the image's entry in the output's <c>index.json</c> (beside the name annotations) and is
/// <c>--metadata-file</c>'s <c>containerimage.descriptor</c>. An index's carries the <c>index-descriptor</c>
/// annotations; a single-platform manifest's the unqualified <c>manifest-descriptor</c> ones and its platform; both
/// <c>org.opencontainers.image.created</c>, which BuildKit takes from the epoch or the clock and Hoist from the image's
/// own creation time (the epoch when one is set), so an output stays reproducible.
/// </summary>
public static class ExportedDescriptor
{
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    public static Descriptor Of(ResolvedImage image, ImageAnnotations annotations)
    {
        var isIndex = image.Target is StoredIndex;
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations.RootDescriptor(isIndex)) fields[key] = value;
        if (image.Config.Config.Created is { } created && !fields.ContainsKey(CreatedAnnotation))
        {
            fields[CreatedAnnotation] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        var platform = image.Config.Config.Platform;
        return image.Target.ToDescriptor(isIndex ? null : new Platform { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant })
            with { Annotations = fields };
    }
}
