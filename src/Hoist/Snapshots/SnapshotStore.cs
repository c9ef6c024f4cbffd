using System.Collections.Concurrent;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Unpacked layers under a state directory, one directory per diffID (<c>ROOT/layers/sha256/HEX</c>), unpacked at most
/// once even when several builds ask at the same time. Also owns <c>ROOT/runs</c>, where RUN snapshots live.
/// </summary>
public sealed class SnapshotStore
{
    // Several builds in one process wait on a semaphore; other processes are kept out by an exclusive lock file.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcessLocks = new(StringComparer.Ordinal);

    public SnapshotStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The snapshot store of a content store: beside its blobs, on the same file system.</summary>
    public static SnapshotStore For(ContentStore store) => new(Path.Combine(store.Root, "snapshots"));

    /// <summary>Where RUN snapshots (upper, work and merged directories) are made; same file system as the layers.</summary>
    public string RunsPath => Path.Combine(Root, "runs");

    public string PathFor(Digest diffId) => Path.Combine(Root, "layers", diffId.Algorithm, diffId.Hex);

    public bool Contains(Digest diffId) => Directory.Exists(PathFor(diffId));

    /// <summary>True when the layer's name is a link to another layer's directory (<see cref="Link"/>).</summary>
    public bool IsLink(Digest diffId) => Native.LStat(PathFor(diffId)) is { IsSymlink: true };

    /// <summary>
    /// Gives the layer <paramref name="alias"/> the directory of <paramref name="source"/>: a relative symbolic link,
    /// made whole under a temporary name and renamed into place. A name that is already there is kept.
    /// </summary>
    public void Link(Digest alias, Digest source)
    {
        var path = PathFor(alias);
        if (Directory.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateDirectory(Path.Combine(Root, "tmp"));
        var temp = AtomicFile.TempPath(path, Path.Combine(Root, "tmp"));
        File.CreateSymbolicLink(temp, Path.GetRelativePath(Path.GetDirectoryName(path)!, PathFor(source)));
        try
        {
            Native.Rename(temp, path);
        }
        catch (Exception e) when (e is HoistException or IOException)
        {
            File.Delete(temp);
            if (!Directory.Exists(path)) throw;
        }
    }

    /// <summary>
    /// Returns the directory holding the layer <paramref name="diffId"/>, calling <paramref name="unpack"/> with an empty
    /// temporary directory when it is not there yet. The directory appears whole or not at all (rename after unpacking);
    /// a failed or cancelled unpack leaves nothing behind.
    /// </summary>
    public async Task<string> GetOrUnpackAsync(Digest diffId, Func<string, CancellationToken, Task> unpack,
        CancellationToken cancellationToken)
    {
        var final = PathFor(diffId);
        if (Directory.Exists(final)) return final;

        var key = diffId.ToString();
        var gate = InProcessLocks.GetOrAdd(Root + "|" + key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await AcquireFileLockAsync(diffId, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(final)) return final;

            // Holding this layer's lock, any temp directory of it is a killed unpacker's: remove it before starting.
            DeleteStaleTemps(diffId);
            var temp = Path.Combine(Root, "tmp", $"{diffId.Hex}.{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                await unpack(temp, cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                Directory.Move(temp, final);
            }
            catch
            {
                DeleteTree(temp);
                throw;
            }
            return final;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<FileStream> AcquireFileLockAsync(Digest diffId, CancellationToken cancellationToken)
    {
        // .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None: poll until the other process is done unpacking.
        while (true)
        {
            if (TryLock(diffId) is { } acquired) return acquired;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private FileStream? TryLock(Digest diffId)
    {
        var locks = Path.Combine(Root, "locks");
        Directory.CreateDirectory(locks);
        try
        {
            return new FileStream(Path.Combine(locks, $"{diffId.Algorithm}-{diffId.Hex}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The unpacked layers present, by diffID.</summary>
    public IEnumerable<Digest> EnumerateLayers()
    {
        var layers = Path.Combine(Root, "layers");
        if (!Directory.Exists(layers)) yield break;
        foreach (var algorithm in Directory.EnumerateDirectories(layers))
        {
            foreach (var directory in Directory.EnumerateDirectories(algorithm))
            {
                if (Digest.TryParse($"{Path.GetFileName(algorithm)}:{Path.GetFileName(directory)}", out var diffId)) yield return diffId;
            }
        }
    }

    /// <summary>
    /// Deletes every unpacked layer not in <paramref name="keep"/>, and every unpacker's leftover temp directory. The
    /// caller holds the content store's collection lock, so no hoist process is using a layer; one being unpacked (its
    /// lock held) is skipped all the same. A layer leaves its name by rename first, so it is never seen half-deleted.
    /// </summary>
    public IReadOnlyList<(Digest DiffId, long Bytes)> DeleteLayersExcept(IReadOnlySet<Digest> keep)
    {
        var deleted = new List<(Digest, long)>();
        foreach (var diffId in EnumerateLayers().Where(d => !keep.Contains(d)).ToList())
        {
            using var layerLock = TryLock(diffId);
            if (layerLock is null) continue;
            if (IsLink(diffId))
            {
                File.Delete(PathFor(diffId));
                deleted.Add((diffId, 0));
                continue;
            }
            var bytes = DiskUsage.Of(PathFor(diffId));
            var doomed = Path.Combine(Root, "tmp", $"{diffId.Hex}.reclaimed-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.GetDirectoryName(doomed)!);
            Directory.Move(PathFor(diffId), doomed);
            DeleteTree(doomed);
            deleted.Add((diffId, bytes));
        }
        var temps = Path.Combine(Root, "tmp");
        if (Directory.Exists(temps))
        {
            foreach (var stale in Directory.EnumerateDirectories(temps)) DeleteTree(stale);
        }
        return deleted;
    }

    private void DeleteStaleTemps(Digest diffId)
    {
        var temps = Path.Combine(Root, "tmp");
        if (!Directory.Exists(temps)) return;
        foreach (var stale in Directory.EnumerateDirectories(temps, $"{diffId.Hex}.*")) DeleteTree(stale);
    }

    internal static void DeleteTree(string path)
    {
        try
        {
            // A layer that shares another's directory is a link: only the link goes.
            if (Native.LStat(path) is { IsSymlink: true })
            {
                File.Delete(path);
                return;
            }
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
