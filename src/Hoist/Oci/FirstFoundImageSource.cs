namespace Hoist.Oci;

/// <summary>Asks each source in turn and returns the first image found: a build's FROM is store, else registry.</summary>
public sealed class FirstFoundImageSource(params IReadOnlyList<IImageSource> sources) : IImageSource
{
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            if (await source.FindAsync(reference, platform, cancellationToken).ConfigureAwait(false) is { } image) return image;
        }
        return null;
    }
}
