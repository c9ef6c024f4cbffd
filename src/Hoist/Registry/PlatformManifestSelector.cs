using System.Text.Json;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>Chooses one platform's manifest from an image index or manifest list, as docker pull does.</summary>
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
        Descriptor? best = null;
        var bestScore = -1;
        foreach (var entry in index?.Manifests ?? [])
        {
            if (entry.Platform is not { } candidate) continue;
            var score = Score(candidate, platform);
            if (score <= bestScore) continue;
            if (!Digest.TryParse(entry.Digest, out var digest))
            {
                throw new HoistException($"invalid image index: bad digest \"{entry.Digest}\"");
            }
            best = new Descriptor { MediaType = entry.MediaType ?? MediaTypes.OciManifest, Digest = digest, Size = entry.Size, Platform = candidate };
            bestScore = score;
        }
        return best;
    }

    /// <summary>-1: unusable. Higher is better: an exact variant beats an unspecified one.</summary>
    private static int Score(Platform candidate, Platform wanted)
    {
        if (!string.Equals(candidate.Os, wanted.Os, StringComparison.OrdinalIgnoreCase)) return -1;
        if (!string.Equals(candidate.Architecture, wanted.Architecture, StringComparison.OrdinalIgnoreCase)) return -1;
        var have = NormaliseVariant(candidate.Architecture, candidate.Variant);
        var want = NormaliseVariant(wanted.Architecture, wanted.Variant);
        if (want is null) return have is null ? 2 : 1;
        return string.Equals(have, want, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }

    // containerd's platform matcher treats arm64 without a variant as v8 and arm without one as v7.
    private static string? NormaliseVariant(string architecture, string? variant) =>
        (architecture.ToLowerInvariant(), string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant()) switch
        {
            ("arm64", null) => "v8",
            ("arm", null) => "v7",
            (_, var v) => v,
        };
}
