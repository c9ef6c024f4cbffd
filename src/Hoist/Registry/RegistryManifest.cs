using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>A manifest exactly as the registry sent it, already checked against its digest.</summary>
public sealed record RegistryManifest(byte[] Bytes, string MediaType, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);
}
