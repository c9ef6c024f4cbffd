namespace Hoist.Oci;

/// <summary>
/// Where images come from (the store, a registry, an archive): finds one by reference for a platform. Null means
/// "not here", so sources chain without exceptions (<see cref="FirstFoundImageSource"/>); a real failure (a registry
/// that refuses, a broken image) throws.
/// </summary>
public interface IImageSource
{
    Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken);
}
