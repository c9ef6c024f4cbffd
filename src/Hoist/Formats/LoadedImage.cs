using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// An image an import or load put in the store: the name it got (null when the archive named none), what the name
/// points at (a manifest or an index) and the image ID (config digest).
/// </summary>
public sealed record LoadedImage(ImageReference? Reference, Digest Target, Digest Id)
{
    /// <summary>The line <c>docker load</c> prints for it.</summary>
    public string Describe() => Reference is { } reference ? $"Loaded image: {reference.Familiar}" : $"Loaded image ID: {Id}";
}
