using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hoist.Building.Engine;
using Hoist.Cli.Json;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary>
/// <c>--trace FILE</c>: the build's steps and phases in the Chrome trace event format. Each step is a row (its id as the
/// thread id) holding its phases, so a step's time splits into unpack, mount, container, layer...; phases outside a
/// step (writing the image) are on row 0. Written when the build ends, failed or not.
/// </summary>
public sealed class ChromeTrace
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<int, long> _started = new();
    private readonly ConcurrentQueue<TraceEvent> _events = new();

    public void StepStarted(BuildStep step) => _started[step.Id] = Stopwatch.GetTimestamp();

    public void StepEnded(BuildStep step, string outcome)
    {
        if (!_started.TryRemove(step.Id, out var start)) return;
        _events.Enqueue(Event(step.Title, "step", start, Stopwatch.GetElapsedTime(start), step.Id,
            new Dictionary<string, string> { ["outcome"] = outcome, ["stage"] = step.StageName }));
    }

    public void Phase(BuildPhase phase) => _events.Enqueue(Event(phase.Name, "phase", phase.Start, phase.Duration, phase.Step?.Id ?? 0,
        phase.Step is { } step ? new Dictionary<string, string> { ["step"] = step.Id.ToString(CultureInfo.InvariantCulture) } : null));

    public void Write(string path) => AtomicFile.WriteAllBytes(path,
        JsonSerializer.SerializeToUtf8Bytes(new TraceDocument([.. _events.OrderBy(e => e.Ts)]), ProgressJsonContext.Default.TraceDocument));

    private TraceEvent Event(string name, string category, long start, TimeSpan duration, int row, IReadOnlyDictionary<string, string>? args) => new()
    {
        Name = name,
        Cat = category,
        Ts = Math.Round(Stopwatch.GetElapsedTime(_origin, start).TotalMicroseconds, 1),
        Dur = Math.Round(duration.TotalMicroseconds, 1),
        Tid = row,
        Args = args,
    };
}
