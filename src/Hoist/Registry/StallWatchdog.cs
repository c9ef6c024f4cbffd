namespace Hoist.Registry;

/// <summary>
/// A cancellation that fires when a request stops making progress: armed with a deadline and what it waits for,
/// re-armed each time progress is made. <see cref="Fired"/> tells its firing apart from the caller's cancellation.
/// </summary>
internal sealed class StallWatchdog(CancellationToken outer) : IDisposable
{
    private readonly CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
    private volatile string _waitingFor = "";

    public CancellationToken Token => _source.Token;

    /// <summary>Cancels <see cref="Token"/> after <paramref name="timeout"/> unless armed again first.</summary>
    public void Arm(TimeSpan timeout, string waitingFor)
    {
        _waitingFor = waitingFor;
        try
        {
            _source.CancelAfter(timeout);
        }
        catch (ObjectDisposedException)
        {
            // the request is over; nothing left to watch
        }
    }

    public bool Fired => _source.IsCancellationRequested && !outer.IsCancellationRequested;

    public RegistryStallException Failure() => new(_waitingFor);

    public void Dispose() => _source.Dispose();

    /// <summary>"2 s", "500 ms": how long a stall lasted, for messages.</summary>
    public static string Describe(TimeSpan timeout) => timeout < TimeSpan.FromSeconds(1)
        ? $"{timeout.TotalMilliseconds:0} ms"
        : $"{timeout.TotalSeconds:0.###} s";
}
