using System.Collections.Concurrent;
using System.Diagnostics;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>
/// Build events in BuildKit's plain progress shape: <c>#N [stage i/n] TEXT</c>, <c>#N 0.123 line</c>, <c>#N DONE 0.3s</c>, <c>#N CACHED</c>,
/// then the summary; and Hoist's <c>#N MISS reason</c> after the title of a step that missed the cache. Quiet prints nothing at all (<c>-q</c>, <c>--progress quiet</c>).
/// </summary>
public sealed class PlainProgress(TextWriter writer, bool quiet) : BuildProgress
{
    /// <summary>When each step started: an output line's time is relative to its step, as BuildKit prints it.</summary>
    private readonly ConcurrentDictionary<int, long> _started = new();

    protected override void OnStarted(BuildStep step)
    {
        _started[step.Id] = Stopwatch.GetTimestamp();
        Write($"#{step.Id} {step.Title}");
    }

    protected override void OnOutput(BuildStep step, string line) =>
        Write($"#{step.Id} {Seconds(Stopwatch.GetElapsedTime(_started.GetValueOrDefault(step.Id, Stopwatch.GetTimestamp())), "0.000")} {line}");

    protected override void OnStatus(BuildStep step, string status) => Write($"#{step.Id} {status}");

    protected override void OnCompleted(BuildStep step, TimeSpan elapsed) => Write($"#{step.Id} DONE {Seconds(elapsed)}s\n");

    protected override void OnFailed(BuildStep step, TimeSpan elapsed, string error) => Write($"#{step.Id} ERROR: {error}\n");

    public override void BuildSucceeded(BuildResult result)
    {
        if (quiet) return;
        lock (writer) BuildCommand.WriteSummary(writer, result);
    }

    public override void BuildFailed(BuildStepException error, string fileName) => WriteFailure(writer, error, fileName);

    protected override void OnCached(BuildStep step) => Write($"#{step.Id} CACHED\n");

    protected override void OnMissed(BuildStep step, string reason) => Write($"#{step.Id} MISS {reason}");

    private void Write(string text)
    {
        if (quiet) return;
        lock (writer) writer.WriteLine(text);
    }
}
