using System.Text.Json;

namespace Hoist.Oci;

/// <summary>
/// A manifest or index exactly as received or written: <see cref="Bytes"/> are what <see cref="Digest"/> hashes and
/// what gets stored and served. The parsed record is for reading only; never re-serialise it in place of the bytes.
/// </summary>
public abstract record StoredDocument(byte[] Bytes, Digest Digest, string MediaType)
{
    public long Size => Bytes.LongLength;

    public Descriptor ToDescriptor(Platform? platform = null) =>
        new() { MediaType = MediaType, Digest = Digest, Size = Size, Platform = platform };

    /// <summary>
    /// Parses manifest or index bytes, telling them apart by <c>mediaType</c>, or by shape when it is absent (it is
    /// optional in OCI): <c>manifests</c> means an index, <c>config</c> a manifest.
    /// </summary>
    public static StoredDocument Parse(byte[] bytes)
    {
        var (mediaType, hasManifests, hasConfig) = Probe(bytes);
        if (mediaType == MediaTypes.DockerManifestSchema1Signed || mediaType == "application/vnd.docker.distribution.manifest.v1+json")
        {
            throw new HoistException("Docker image manifest schema 1 is deprecated and not supported");
        }
        if (MediaTypes.IsIndex(mediaType) || (mediaType is null && hasManifests)) return StoredIndex.FromBytes(bytes);
        if (MediaTypes.IsManifest(mediaType) || (mediaType is null && hasConfig)) return StoredManifest.FromBytes(bytes);
        throw new HoistException($"unsupported manifest media type \"{mediaType ?? "(none)"}\"");
    }

    private static (string? MediaType, bool HasManifests, bool HasConfig) Probe(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new HoistException("invalid manifest: not a JSON object");
            string? mediaType = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (mediaType, root.TryGetProperty("manifests", out _), root.TryGetProperty("config", out _));
        }
        catch (JsonException e)
        {
            throw new HoistException($"invalid manifest: {e.Message}", e);
        }
    }
}
