using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Dispatch;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// The directories behind <c>RUN --mount=type=cache</c>: one per cache id under <c>&lt;root&gt;/cache-mounts</c>, kept
/// between builds and never part of a layer. Sharing follows BuildKit: <c>shared</c> users run together, <c>locked</c>
/// waits until it is the only user, <c>private</c> takes an instance nobody uses (creating another when all are busy).
/// The locks are flocks, so they hold between concurrent hoist processes too.
/// </summary>
internal sealed class CacheMountStore(string stateRoot)
{
    private readonly ConcurrentDictionary<string, byte> _used = new(StringComparer.Ordinal);

    public string Root { get; } = CacheMountDirectories.Root(stateRoot);

    /// <summary>The directory names (keys, instance 0) of every cache a RUN of this build took, sorted.</summary>
    public IReadOnlyList<string> Used => [.. _used.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The directory name of a cache: the hash of its id, plus what seeds it (<c>from</c> and <c>source</c>) when given,
    /// since BuildKit keeps caches seeded from different sources apart.
    /// </summary>
    public static string Key(string id, string? from, string? source)
    {
        var text = from is null ? id : $"{id}\n{from}\n{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>Records that a RUN of this build uses cache <paramref name="key"/> although it did not run (a cache hit),
    /// so <c>--cache-to …,mounts=true</c> still carries it.</summary>
    public void Note(string key) => _used.TryAdd(key, 0);

    /// <summary>
    /// Takes an instance of the cache for one RUN; <paramref name="seed"/> fills a new one (the <c>from</c> content) and
    /// may be null for an empty directory owned by <paramref name="uid"/>:<paramref name="gid"/> with <paramref name="mode"/>.
    /// </summary>
    public async Task<CacheMountLease> AcquireAsync(string key, CacheMountSharing sharing, int mode, int uid, int gid,
        Action<string>? seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        _used.TryAdd(key, 0);
        FileLock held;
        var instance = 0;
        switch (sharing)
        {
            case CacheMountSharing.Locked:
                held = await FileLock.AcquireAsync(LockPath(key, 0), exclusive: true, cancellationToken).ConfigureAwait(false);
                break;
            case CacheMountSharing.Private:
                while (true)
                {
                    var attempt = FileLock.TryAcquire(LockPath(key, instance), exclusive: true);
                    if (attempt is not null)
                    {
                        held = attempt;
                        break;
                    }
                    instance++;
                }
                break;
            default:
                held = await FileLock.AcquireAsync(LockPath(key, 0), exclusive: false, cancellationToken).ConfigureAwait(false);
                break;
        }
        try
        {
            var directory = Path.Combine(Root, instance == 0 ? key : $"{key}-{instance}");
            await CreateOnceAsync(directory, mode, uid, gid, seed, cancellationToken).ConfigureAwait(false);
            return new CacheMountLease(directory, held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private string LockPath(string key, int instance) => CacheMountDirectories.LockPath(Root, key, instance);

    /// <summary>Creates the directory (seeded, with its owner and mode) once, renamed into place whole.</summary>
    private static Task CreateOnceAsync(string directory, int mode, int uid, int gid, Action<string>? seed, CancellationToken cancellationToken) =>
        CacheMountDirectories.CreateOnceAsync(directory, temporary =>
        {
            seed?.Invoke(temporary);
            if (Native.LStat(temporary) is not { } status || status.Uid != uid || status.Gid != gid) Native.LChown(temporary, uid, gid);
            Native.SetMode(temporary, (UnixFileMode)mode);
        }, cancellationToken);
}
