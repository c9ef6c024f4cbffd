namespace Hoist.Building.Engine;

/// <summary>A built stage's size: its whole image, base included (compressed layer blobs, and docker's size: the layers' file bytes).</summary>
public sealed record StageSummary(string Name, int Index, int Layers, long CompressedSize, long UncompressedSize)
{
    /// <summary>How many of the layers come from the base image (the rest the Dockerfile added).</summary>
    public int BaseLayers { get; init; }

    /// <summary>Docker's size of the base image's layers.</summary>
    public long BaseUncompressedSize { get; init; }
}
