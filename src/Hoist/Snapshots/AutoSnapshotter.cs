namespace Hoist.Snapshots;

/// <summary>
/// Uses overlayfs when this machine can mount it over <paramref name="workRoot"/> (checked once, with a throw-away mount)
/// and the copy snapshotter otherwise, e.g. without CAP_SYS_ADMIN or when the state directory is itself on overlayfs.
/// </summary>
public sealed class AutoSnapshotter : ISnapshotter
{
    private readonly Lazy<ISnapshotter> _chosen;

    /// <param name="forceCopy">Skip overlay (the <c>--snapshotter=copy</c> choice, and tests of the fallback).</param>
    public AutoSnapshotter(string workRoot, bool forceCopy = false) : this(() => workRoot, forceCopy)
    {
    }

    /// <param name="workRoot">Asked for on first use (a build's scratch space is made only when something needs it).</param>
    /// <param name="forceCopy">As above.</param>
    public AutoSnapshotter(Func<string> workRoot, bool forceCopy = false)
    {
        _chosen = new Lazy<ISnapshotter>(() =>
        {
            var root = workRoot();
            return !forceCopy && OverlayWorks(root) ? new OverlaySnapshotter(root) : new CopySnapshotter(root);
        });
    }

    /// <summary>Which snapshotter was chosen (probing on first use).</summary>
    public SnapshotKind Kind => _chosen.Value is OverlaySnapshotter ? SnapshotKind.Overlay : SnapshotKind.Copy;

    public Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken) =>
        _chosen.Value.PrepareAsync(lowerDirs, cancellationToken);

    public Task<RootView> OpenReadOnlyAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken) =>
        _chosen.Value.OpenReadOnlyAsync(lowerDirs, cancellationToken);

    private static bool OverlayWorks(string workRoot)
    {
        var probe = Path.Combine(workRoot, "probe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var lower = Path.Combine(probe, "lower");
            Directory.CreateDirectory(lower);
            var snapshotter = new OverlaySnapshotter(probe);
            var snapshot = snapshotter.PrepareAsync([lower], CancellationToken.None).GetAwaiter().GetResult();
            File.WriteAllText(Path.Combine(snapshot.RootPath, "probe"), "");
            var ok = File.Exists(Path.Combine(snapshot.UpperPath!, "probe"));
            snapshot.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return ok;
        }
        catch (Exception e) when (e is HoistException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            SnapshotStore.DeleteTree(probe);
        }
    }
}
