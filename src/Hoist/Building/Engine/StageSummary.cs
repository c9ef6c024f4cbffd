namespace Hoist.Building.Engine;

/// <summary>A built stage's size: its whole image, base included (compressed layer blobs, and docker's size: the layers' file bytes).</summary>
public sealed record StageSummary(string Name, int Index, int Layers, long CompressedSize, long UncompressedSize);
