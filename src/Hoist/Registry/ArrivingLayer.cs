using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>A layer a pull is downloading: the image it belongs to, its place among the image's layers (bottom first,
/// foreign layers left out) and whether the pull downloads all of them (none was in the store before).</summary>
public sealed record ArrivingLayer(ImageReference Image, IReadOnlyList<ImageLayer> Layers, int Index, bool AllArriving)
{
    public ImageLayer Layer => Layers[Index];
}
