using Hoist.Oci;

namespace Hoist.Content;

/// <summary>A name in the store: a tagged reference and the manifest (or index) digest it points at.</summary>
public sealed record ImageName(ImageReference Reference, Digest Digest);
