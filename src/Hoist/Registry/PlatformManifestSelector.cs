using System.Text.Json;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>Chooses one platform's manifest from an image index or manifest list, as docker pull does (<see cref="PlatformMatcher"/>).</summary>
public static class PlatformManifestSelector
{
    /// <summary>The best entry for <paramref name="platform"/>, or null when the index has none for it.</summary>
    public static Descriptor? Select(ReadOnlySpan<byte> indexBytes, Platform platform)
    {
        IndexDocument? index;
        try
        {
            index = JsonSerializer.Deserialize(indexBytes, RegistryJsonContext.Default.IndexDocument);
        }
        catch (JsonException e)
        {
            throw new HoistException($"invalid image index: {e.Message}", e);
        }
        var best = PlatformMatcher.Best(index?.Manifests ?? [], e => e.Platform, platform);
        if (best is null) return null;
        if (!Digest.TryParse(best.Digest, out var digest)) throw new HoistException($"invalid image index: bad digest \"{best.Digest}\"");
        return new Descriptor { MediaType = best.MediaType ?? MediaTypes.OciManifest, Digest = digest, Size = best.Size, Platform = best.Platform };
    }
}
