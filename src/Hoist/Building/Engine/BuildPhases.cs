using System.Diagnostics;

namespace Hoist.Building.Engine;

/// <summary>The phases a build reports, and the timer that reports one when disposed.</summary>
public static class BuildPhases
{
    /// <summary>Every image the build names resolved (and pulled when missing) before any stage runs.</summary>
    public const string Resolve = "resolve";

    /// <summary>A COPY's sources hashed for its cache key (the context scan with its metadata fast path).</summary>
    public const string ContextHash = "context-hash";

    public const string CacheLookup = "cache-lookup";

    /// <summary>Layers unpacked (only those not unpacked yet) for a RUN's or COPY's root filesystem.</summary>
    public const string Unpack = "unpack";

    public const string Mount = "mount";

    /// <summary>The container: runc and the RUN's process, start to exit.</summary>
    public const string Container = "container";

    /// <summary>A step's layer made: its changes walked and hashed, kept as a snapshot (or written as a blob).</summary>
    public const string Layer = "layer";

    public const string Compress = "compress";

    public const string Export = "export";

    /// <summary>The build summary: sizes per stage and the multi-stage split report (what was left behind, or shipped).</summary>
    public const string Summary = "summary";

    /// <summary>Starts timing <paramref name="name"/>; disposing reports it to <paramref name="events"/>.</summary>
    public static Timer Measure(this IBuildEvents events, string name, BuildStep? step = null) => new(events, name, step);

    public readonly struct Timer(IBuildEvents events, string name, BuildStep? step) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose() =>
            events.PhaseCompleted(new BuildPhase(name, step, _start, Stopwatch.GetElapsedTime(_start), Environment.CurrentManagedThreadId));
    }
}
