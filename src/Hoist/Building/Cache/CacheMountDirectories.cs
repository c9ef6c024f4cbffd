using Hoist.Content;

namespace Hoist.Building.Cache;

/// <summary>
/// The directories behind <c>RUN --mount=type=cache</c>, one per cache key under <c>&lt;root&gt;/cache-mounts</c>, as
/// the engine (which fills them by running steps) and the remote cache (which exports and restores them) share them.
/// </summary>
public static class CacheMountDirectories
{
    public static string Root(string stateRoot) => Path.Combine(stateRoot, "cache-mounts");

    /// <summary>The flock users of instance <paramref name="instance"/> of a cache hold (shared, or exclusive for
    /// <c>sharing=locked|private</c>).</summary>
    public static string LockPath(string root, string key, int instance) =>
        Path.Combine(root, instance == 0 ? $"{key}.lock" : $"{key}-{instance}.lock");

    /// <summary>Whether <paramref name="key"/> is a cache directory name as <c>CacheMountStore.Key</c> makes them (32
    /// lower-case hex digits): anything else read from an imported cache is refused, never used as a path.</summary>
    public static bool IsKey(string key) => key.Length == 32 && key.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Creates <paramref name="directory"/> unless it exists: <paramref name="fill"/> fills a temporary sibling under a
    /// creation lock (held across processes), which is then renamed into place whole, so no user ever sees half a
    /// cache. Returns whether this call created it.
    /// </summary>
    public static async Task<bool> CreateOnceAsync(string directory, Action<string> fill, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        using var creating = await FileLock.AcquireAsync(directory + ".create", exclusive: true, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(directory)) return false;
        var temporary = directory + ".new";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        try
        {
            fill(temporary);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
        Directory.Move(temporary, directory);
        return true;
    }
}
