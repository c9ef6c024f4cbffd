using System.Security.Cryptography;
using System.Text;
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
    public string Root { get; } = Path.Combine(stateRoot, "cache-mounts");

    /// <summary>
    /// The directory name of a cache: the hash of its id, plus what seeds it (<c>from</c> and <c>source</c>) when given,
    /// since BuildKit keeps caches seeded from different sources apart.
    /// </summary>
    public static string Key(string id, string? from, string? source)
    {
        var text = from is null ? id : $"{id}\n{from}\n{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>
    /// Takes an instance of the cache for one RUN; <paramref name="seed"/> fills a new one (the <c>from</c> content) and
    /// may be null for an empty directory owned by <paramref name="uid"/>:<paramref name="gid"/> with <paramref name="mode"/>.
    /// </summary>
    public async Task<CacheMountLease> AcquireAsync(string key, CacheMountSharing sharing, int mode, int uid, int gid,
        Action<string>? seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
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

    private string LockPath(string key, int instance) => Path.Combine(Root, instance == 0 ? $"{key}.lock" : $"{key}-{instance}.lock");

    /// <summary>Creates the directory (seeded, with its owner and mode) under a creation lock, renamed into place whole.</summary>
    private async Task CreateOnceAsync(string directory, int mode, int uid, int gid, Action<string>? seed, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory)) return;
        using var creating = await FileLock.AcquireAsync(directory + ".create", exclusive: true, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(directory)) return;
        var temporary = directory + ".new";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        seed?.Invoke(temporary);
        if (Native.LStat(temporary) is not { } status || status.Uid != uid || status.Gid != gid) Native.LChown(temporary, uid, gid);
        Native.SetMode(temporary, (UnixFileMode)mode);
        Directory.Move(temporary, directory);
    }
}
