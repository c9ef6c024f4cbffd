namespace Hoist.Analysis;

/// <summary>A layer's uncompressed tar length and its content size (docker's measure: file bytes, symlink lengths).</summary>
public readonly record struct LayerSize(long Tar, long Content);
