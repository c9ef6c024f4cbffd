namespace Hoist.Cli;

/// <summary>A layer as <c>hoist inspect</c> shows it: the stored blob (<c>Size</c>: compressed, as in the manifest), the
/// diffID of its uncompressed tar, and <c>ContentSize</c>: its uncompressed file bytes, docker's measure.</summary>
public sealed record LayerView(string Digest, string MediaType, long Size, string? DiffID, long ContentSize);
