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

    private readonly Timer _timer;
    private bool _threadStarted;

    private RunWriteback(string upperPath, TimeSpan delay, TimeSpan interval)
    {
        // The syncing thread starts only once the RUN has lasted the delay: most RUNs end before it, and a thread made
        // and ended for each of them cost more than the timer.
        _timer = new Timer(_ => StartThread(upperPath, interval), null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the syncing thread was started (a RUN shorter than the delay never starts it).</summary>
    internal bool ThreadStarted
    {
        get
        {
            lock (_gate) return _threadStarted;
        }
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
        _timer.Dispose();
        bool threadStarted;
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
            threadStarted = _threadStarted;
        }
        if (!threadStarted) _ended.TrySetResult();
    }

    private void StartThread(string path, TimeSpan interval)
    {
        lock (_gate)
        {
            if (_stopped) return;
            _threadStarted = true;
        }
        new Thread(() => Loop(path, interval)) { IsBackground = true, Name = "run writeback" }.Start();
    }

    private void Loop(string path, TimeSpan interval)
    {
        try
        {
            for (var wait = TimeSpan.Zero; WaitUnlessStopped(wait); wait = interval)
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
            _ended.TrySetResult();
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
