using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>
/// One layer's sizes: <paramref name="CompressedSize"/> is the blob as stored and pushed, <paramref name="TarSize"/> the
/// uncompressed tar stream, <paramref name="ContentSize"/> what docker counts as the layer's size (its files' bytes),
/// <paramref name="WastedBytes"/> what this layer replaced or deleted of earlier layers.
/// </summary>
public sealed record LayerFigures(int Index, Digest Digest, long CompressedSize, long TarSize, long ContentSize, int Entries, long WastedBytes);
