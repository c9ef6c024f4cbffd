namespace Hoist.Cli;

/// <summary>A layer as <c>hoist inspect</c> shows it: the stored blob and the diffID of its uncompressed tar.</summary>
public sealed record LayerView(string Digest, string MediaType, long Size, string? DiffID);
