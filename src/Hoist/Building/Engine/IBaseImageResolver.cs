using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// Finds a FROM or COPY --from image that is not in the local store yet, e.g. by pulling it from a registry into
/// <paramref name="store"/>. Returns null when it cannot be found, and the build then fails with a clear message.
/// </summary>
public interface IBaseImageResolver
{
    Task<LocalImage?> ResolveAsync(string reference, Platform platform, ContentStore store, CancellationToken cancellationToken);
}
