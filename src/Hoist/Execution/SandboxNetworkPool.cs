namespace Hoist.Execution;

/// <summary>
/// The sandbox networks of one build, reused by its RUNs one at a time (BuildKit keeps a pool of network namespaces
/// for the same reason): starting a namespace and pasta costs 0.1–0.9 s, far more than most RUNs. A network is lent
/// to one RUN and comes back only when nothing of that RUN is left in it (<see cref="SandboxNetwork.IsEmpty"/>) and
/// the RUN could not have changed it (no <c>--security=insecure</c>, which grants CAP_NET_ADMIN, no published ports);
/// otherwise it is stopped. Parallel RUNs each get their own network, and no network outlives the build: the pool
/// stops every network it holds when disposed.
/// </summary>
internal sealed class SandboxNetworkPool(Func<CancellationToken, PendingNetwork> start) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Stack<PendingNetwork> _idle = new();
    private bool _disposed;

    /// <summary>An idle network (possibly still starting), else a new one.</summary>
    public PendingNetwork Take(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_idle.TryPop(out var idle)) return idle;
        }
        return start(cancellationToken);
    }

    /// <summary>Starts a network ahead of the RUN that will take it (while its root filesystem is prepared), unless one
    /// is idle already.</summary>
    public void Warm()
    {
        lock (_lock)
        {
            if (_disposed || _idle.Count > 0) return;
            _idle.Push(start(CancellationToken.None));
        }
    }

    /// <summary>Gives a network back after its RUN's container is deleted: kept for the next RUN when it came up and no
    /// process is left in it, stopped otherwise.</summary>
    public async Task ReturnAsync(PendingNetwork network, bool reusable)
    {
        if (reusable && network.Ready.IsCompletedSuccessfully && network.Ready.Result.IsEmpty())
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _idle.Push(network);
                    return;
                }
            }
        }
        await StopAsync(network).ConfigureAwait(false);
    }

    /// <summary>Stops the RUN's network stack, whether it came up, failed, or was still starting when the RUN ended.</summary>
    public static async Task StopAsync(PendingNetwork network)
    {
        SandboxNetwork started;
        try
        {
            started = await network.Ready.ConfigureAwait(false);
        }
        catch (Exception) when (network.Ready.IsFaulted || network.Ready.IsCanceled)
        {
            ScratchSpace.DeleteTree(network.Directory);
            return; // StartAsync cleaned up after itself; its error (if it matters) was thrown from the RUN already
        }
        await started.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        PendingNetwork[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        await Task.WhenAll(idle.Select(StopAsync)).ConfigureAwait(false);
    }
}
