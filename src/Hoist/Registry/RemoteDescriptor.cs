using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>What the registry says about a piece of content without sending it (HEAD, or an index entry).</summary>
public sealed record RemoteDescriptor(string MediaType, Digest Digest, long Size);
