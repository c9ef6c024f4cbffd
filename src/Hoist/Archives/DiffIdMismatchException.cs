using Hoist.Oci;

namespace Hoist.Archives;

/// <summary>
/// A layer's uncompressed content does not hash to the diffID its image config gives it: the image is corrupt, or lies
/// to pass one layer off as another (e.g. as a popular base image's, to poison the unpacked-layer cache).
/// </summary>
public sealed class DiffIdMismatchException(Digest blob, Digest actual, Digest expected, string? source = null)
    : HoistException($"{(source is null ? "" : source + ": ")}layer {blob} does not belong to the image: its content has diffID {actual}, the image config says {expected}");
