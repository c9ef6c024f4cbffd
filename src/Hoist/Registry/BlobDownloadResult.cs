using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>A blob whose every byte (including those already present when resuming) matched its digest and size.</summary>
public sealed record BlobDownloadResult(Digest Digest, long Size, int Resumptions);
