namespace Hoist.Registry;

/// <summary>
/// What a pull does with each layer's bytes as they arrive, besides storing them. Without one, a pull decompresses a
/// layer only to hash it (its diffID must match the config's before the blob is committed); a build that will unpack
/// the image anyway has the unpack and what its summary needs done in that same decompression.
/// </summary>
public interface IPulledLayerReader
{
    /// <summary>Reads <paramref name="compressed"/> (the layer's blob, as it downloads) to its end and returns the
    /// diffID of its content. The pull refuses the layer when that is not the config's, so whatever the reader made of it
    /// must then be gone.</summary>
    Task<ArrivedLayer> ReadAsync(ArrivingLayer layer, Stream compressed, CancellationToken cancellationToken);
}
