using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// While a long RUN is still writing, sends what it has written so far to the disk (<c>syncfs</c> of its upper directory's
/// file system every <see cref="Interval"/>, from <see cref="Delay"/> on), so that the sync the layer writer must wait
/// for before the upper directory becomes the layer (<see cref="SnapshotLayerWriter.KeepRunAsync"/>) finds little left:
/// bench S4's RUN makes 600 MB in about 4 s on one core, and the disk writes them back on the other meanwhile instead of
/// after it. Durability is unchanged (the final sync is still made and waited for); a RUN shorter than the delay never
/// syncs early. Dispose when the container has exited; a sync in flight then ends on its own.
/// </summary>
public sealed class RunWriteback : IDisposable
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly object _gate = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;
    private int _syncs;

    private RunWriteback(string upperPath, TimeSpan delay, TimeSpan interval)
    {
        new Thread(() => Loop(upperPath, delay, interval)) { IsBackground = true, Name = "run writeback" }.Start();
    }

    /// <summary>How many early syncs were made.</summary>
    public int Syncs => Volatile.Read(ref _syncs);

    /// <summary>Completes when the syncing thread has ended (after <see cref="Dispose"/>, or when the directory is gone).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Starts syncing <paramref name="upperPath"/>'s file system; null (nothing to do) without an upper directory.</summary>
    public static RunWriteback? Start(string? upperPath) => Start(upperPath, Delay, Interval);

    internal static RunWriteback? Start(string? upperPath, TimeSpan delay, TimeSpan interval) =>
        upperPath is null ? null : new RunWriteback(upperPath, delay, interval);

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop(string path, TimeSpan delay, TimeSpan interval)
    {
        try
        {
            for (var wait = delay; WaitUnlessStopped(wait); wait = interval)
            {
                Native.SyncFileSystem(path);
                Interlocked.Increment(ref _syncs);
            }
        }
        catch (HoistException)
        {
            // the snapshot is gone already: the layer writer's own sync is what counts
        }
        finally
        {
            _ended.SetResult();
        }
    }

    /// <summary>Waits <paramref name="time"/> or until stopped; false once stopped.</summary>
    private bool WaitUnlessStopped(TimeSpan time)
    {
        lock (_gate)
        {
            if (!_stopped) Monitor.Wait(_gate, time);
            return !_stopped;
        }
    }
}
