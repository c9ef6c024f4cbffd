using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// One step of one blob in a pull or push. <see cref="Detail"/> says more where there is more to say: the repository a
/// blob was mounted from, or how many times a download resumed.
/// </summary>
public sealed record TransferProgress(Descriptor Blob, TransferState State, string? Detail = null);
