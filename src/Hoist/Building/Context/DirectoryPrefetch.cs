namespace Hoist.Building.Context;

/// <summary>
/// Lists directories a walk announced it will enter, on the thread pool, a few ahead of the walk: a context scan is
/// one statx per entry, and on two cores the other one can list the next directories while the walk plans this one.
/// At most <c>window</c> listings are started and not yet taken, so memory stays that of a few directories however
/// large the tree. A listing is taken once: a second <see cref="Take"/> of the same directory lists it again, as
/// without prefetching. Results are identical to listing in the walk's own thread, only earlier.
/// </summary>
internal sealed class DirectoryPrefetch<T>(Func<string, T> list, int window)
{
    private readonly object _lock = new();
    private readonly Queue<string> _queued = new();
    private readonly Dictionary<string, Task<T>?> _announced = new(StringComparer.Ordinal); // null: queued, not started
    private int _started;

    /// <summary>Directories (resolved paths) the walk will list soon, in the order it will list them.</summary>
    public void Announce(IEnumerable<string> directories)
    {
        lock (_lock)
        {
            foreach (var directory in directories)
            {
                if (_announced.TryAdd(directory, null)) _queued.Enqueue(directory);
            }
            StartMore();
        }
    }

    /// <summary>The listing of <paramref name="directory"/>: the prefetched one when it was announced (waiting for
    /// it if still running), else listed now. Errors are those the listing itself throws.</summary>
    public T Take(string directory)
    {
        Task<T>? running;
        lock (_lock)
        {
            if (!_announced.Remove(directory, out running) || running is null) running = null;
            else _started--;
            StartMore();
        }
        return running is null ? list(directory) : running.GetAwaiter().GetResult();
    }

    private void StartMore()
    {
        while (_started < window && _queued.TryDequeue(out var next))
        {
            // Taken (listed by the walk itself) before its turn came: nothing to start.
            if (!_announced.TryGetValue(next, out var task) || task is not null) continue;
            _announced[next] = Task.Run(() => list(next));
            _started++;
        }
    }
}
