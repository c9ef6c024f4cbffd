using System.Diagnostics;
using System.Globalization;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>Build events in BuildKit's plain progress shape: <c>#N [stage i/n] TEXT</c>, <c>#N 0.123 line</c>, <c>#N DONE 0.3s</c>.</summary>
public sealed class PlainProgress(TextWriter writer, bool quiet) : IBuildEvents
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void StepStarted(BuildStep step) => Write($"#{step.Id} {step.Title}");

    public void StepOutput(BuildStep step, string line) =>
        Write($"#{step.Id} {_clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} {line}");

    public void StepCompleted(BuildStep step, TimeSpan elapsed) =>
        Write($"#{step.Id} DONE {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s\n");

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error) => Write($"#{step.Id} ERROR: {error}\n");

    public void StepCached(BuildStep step) => Write($"#{step.Id} CACHED\n");

    private void Write(string text)
    {
        if (quiet) return;
        lock (writer) writer.WriteLine(text);
    }
}
