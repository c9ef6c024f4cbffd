using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>A stand-in registry: serves one stored image under another name and counts how often it was asked.</summary>
internal sealed class RenamingImageSource(ContentStore store, string served, string stored) : IImageSource
{
    public int Asked;

    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Asked);
        if (reference != served) return null;
        return (await store.ResolveImageAsync(stored, platform, cancellationToken)).Image;
    }
}
