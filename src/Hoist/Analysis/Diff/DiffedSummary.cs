using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>One side's name, image ID and manifest digest.</summary>
public sealed record DiffedSummary(string Name, Digest Id, Digest Manifest);
