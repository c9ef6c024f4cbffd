using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>What config instructions change: the config, the author, and whether this stage set CMD itself (an
/// ENTRYPOINT drops a CMD it did not set).</summary>
public sealed record ConfigState(ContainerConfig Config, string? Author = null, bool CmdSetHere = false);
