using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Mounts <c>overlay</c> with the layer directories as lowers and a fresh upper directory, so a RUN's changes are exactly the
/// upper directory. Works for any number of layers the kernel allows (intermediate mounts beyond one page of options).
/// </summary>
public sealed class OverlaySnapshotter : ISnapshotter
{
    private const string VolatileOption = ",volatile";
    private const int EInvalid = 22;

    /// <summary>1 once the kernel refused <c>volatile</c> (EINVAL), so later mounts do not ask again.</summary>
    private static int _volatileRefused;

    private readonly string _workRoot;

    /// <param name="workRoot">Where snapshot directories are made (e.g. <see cref="SnapshotStore.RunsPath"/>); the upper
    /// directory must be on a file system that supports overlay upper dirs (trusted xattrs, d_type).</param>
    public OverlaySnapshotter(string workRoot)
    {
        _workRoot = Path.GetFullPath(workRoot);
    }

    /// <summary>Largest mount data length; one page by default, smaller in tests to exercise intermediate mounts.</summary>
    internal int OptionsLimit { get; init; } = OverlayMountOptions.DefaultLimit;

    public Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lowers = lowerDirs.Select(Path.GetFullPath).ToArray();
        var directory = Path.Combine(_workRoot, Guid.NewGuid().ToString("N")[..12]);
        var upper = Path.Combine(directory, "upper");
        var work = Path.Combine(directory, "work");
        var merged = Path.Combine(directory, "merged");
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(merged);
        var mounts = new List<string>();
        try
        {
            CopyRootAttributes(lowers, upper);
            var effectiveLowers = lowers.Length == 0 ? [MakeEmptyLower(directory)] : lowers;
            var options = OverlayMountOptions.ForUpper(effectiveLowers, upper, work);
            if (options.Length + VolatileOption.Length > OptionsLimit)
                effectiveLowers = MountIntermediates(directory, lowers, upper, work, mounts);
            options = OverlayMountOptions.ForUpper(effectiveLowers, upper, work);
            if (options.Length + VolatileOption.Length > OptionsLimit)
                throw new HoistException($"too many layers for one overlay mount ({lowers.Length})");
            MountUpper(merged, options);
            mounts.Insert(0, merged);
            return Task.FromResult<IRunSnapshot>(new OverlaySnapshot(directory, merged, upper, lowers, mounts));
        }
        catch
        {
            foreach (var mount in mounts) Native.Unmount(mount);
            SnapshotStore.DeleteTree(directory);
            throw;
        }
    }

    /// <summary>
    /// A read-only overlay of the lowers alone (no upper or work directory to make, nor to delete afterwards: a COPY or
    /// WORKDIR that misses opened and removed three directories and overlayfs's work/work for the view it only reads).
    /// Lowers too many for one mount get a writable snapshot, as before.
    /// </summary>
    public async Task<RootView> OpenReadOnlyAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lowers = lowerDirs.Select(Path.GetFullPath).ToArray();
        var options = OverlayMountOptions.ForReadOnly(lowers);
        if (lowers.Length < 2 || options.Length > OptionsLimit)
        {
            var snapshot = await PrepareAsync(lowerDirs, cancellationToken).ConfigureAwait(false);
            return new RootView(snapshot.RootPath, snapshot, null);
        }
        var point = Path.Combine(_workRoot, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(point);
        try
        {
            MountOverlay(point, options, Native.MsRdOnly);
        }
        catch
        {
            Directory.Delete(point);
            throw;
        }
        return new RootView(point, null, () =>
        {
            // Deleting through a still-mounted overlay would be wrong: an unmount failure stops before the deletion.
            Native.Unmount(point);
            Directory.Delete(point);
        });
    }

    private string[] MountIntermediates(string directory, string[] lowers, string upper, string work, List<string> mounts)
    {
        // Leave room in the final mount data for upperdir and workdir.
        var reserve = $",upperdir={OverlayMountOptions.Escape(upper)},workdir={OverlayMountOptions.Escape(work)}".Length;
        var chunkLimit = Math.Max(OptionsLimit / 2, OptionsLimit - reserve);
        var chunks = OverlayMountOptions.Chunk(lowers, chunkLimit);
        var result = new List<string>();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].Count == 1)
            {
                result.Add(chunks[i][0]);
                continue;
            }
            var point = Path.Combine(directory, $"l{i}");
            Directory.CreateDirectory(point);
            MountOverlay(point, OverlayMountOptions.ForReadOnly(chunks[i]), Native.MsRdOnly);
            mounts.Add(point);
            result.Add(point);
        }
        return result.ToArray();
    }

    /// <summary>
    /// Mounts the RUN's overlay <c>volatile</c> (Linux 5.10+) where the kernel takes it, so that unmounting it does not
    /// syncfs the file system under the state directory there and then (0.1–0.7 s after a RUN that wrote 600 MB, bench
    /// S4): the layer writer syncs it itself while it hashes the layer (<see cref="SnapshotLayerWriter"/>). The upper and
    /// work directories are never mounted again, which is all volatile forbids.
    /// </summary>
    private static void MountUpper(string target, string options)
    {
        if (_volatileRefused == 0)
        {
            var errno = Native.Mount("overlay", target, "overlay", 0, options + VolatileOption);
            if (errno == 0) return;
            if (errno != EInvalid) throw new HoistException($"mounting overlay on {target}: {Native.ErrorText(errno)}");
            MountOverlay(target, options, 0);
            Interlocked.Exchange(ref _volatileRefused, 1); // it was volatile the kernel refused (before 5.10): not asked again
            return;
        }
        MountOverlay(target, options, 0);
    }

    private static void MountOverlay(string target, string options, ulong flags)
    {
        var errno = Native.Mount("overlay", target, "overlay", flags, options);
        if (errno != 0)
            throw new HoistException($"mounting overlay on {target}: {Native.ErrorText(errno)}");
    }

    private static string MakeEmptyLower(string directory)
    {
        // overlay needs at least one lower directory; FROM scratch gets an empty one.
        var empty = Path.Combine(directory, "empty");
        Directory.CreateDirectory(empty);
        Native.SetMode(empty, (UnixFileMode)0b111_101_101);
        return empty;
    }

    /// <summary>
    /// The merged root takes its attributes from the upper root, so give it the top layer's mode, owner and mtime; otherwise
    /// the umask-made upper root would show up as a change to "/".
    /// </summary>
    private static void CopyRootAttributes(string[] lowers, string upper)
    {
        if (lowers.Length == 0)
        {
            Native.SetMode(upper, (UnixFileMode)0b111_101_101);
            return;
        }
        var top = Native.LStat(lowers[0]) ?? throw new HoistException($"layer directory {lowers[0]} does not exist");
        Native.SetMode(upper, (UnixFileMode)top.Permissions);
        Native.LChown(upper, top.Uid, top.Gid);
        Directory.SetLastWriteTimeUtc(upper, Directory.GetLastWriteTimeUtc(lowers[0]));
    }
}
