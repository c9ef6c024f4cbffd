using System.Globalization;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>
/// A progress renderer for <c>hoist build</c> (<c>--progress plain|tty|rawjson|quiet</c>): the engine's build events,
/// then steps the CLI adds after the build (exports, pushes) numbered after the build's own, then the outcome.
/// Events arrive from several threads.
/// </summary>
public abstract class BuildProgress : IBuildEvents, IDisposable
{
    private int _lastStep;

    public void StepStarted(BuildStep step)
    {
        int seen;
        while ((seen = Volatile.Read(ref _lastStep)) < step.Id && Interlocked.CompareExchange(ref _lastStep, step.Id, seen) != seen)
        {
        }
        Trace?.StepStarted(step);
        OnStarted(step);
    }

    /// <summary>Declared here for the same reason as <see cref="StepCached"/>.</summary>
    public void StepsPlanned(int count) => OnStepsPlanned(count);

    /// <summary>Steps announced before they start; only the tty view's header shows them.</summary>
    protected virtual void OnStepsPlanned(int count)
    {
    }

    public void StepOutput(BuildStep step, string line)
    {
        Logs.Append(step.Id, line);
        OnOutput(step, line);
    }

    /// <summary>Declared here for the same reason as <see cref="StepCached"/>. A status line (a pull's, a layer's
    /// extraction) is progress, not the step's output: it stays out of the step's log, which holds what its process
    /// printed.</summary>
    public void StepStatus(BuildStep step, string status) => OnStatus(step, status);

    /// <summary>A status line; shown as output unless the renderer tells them apart (plain: no timestamp).</summary>
    protected virtual void OnStatus(BuildStep step, string status) => OnOutput(step, status);

    /// <summary>Each step's whole output, for the error block of a failed one.</summary>
    /// <summary>Where step logs go: set to the state dir's <c>logs</c> by the build command before the build starts.</summary>
    public string? LogRoot { get; set; }

    private StepLogs? _logs;

    protected StepLogs Logs => _logs ??= new StepLogs(LogRoot);

    /// <summary>The Dockerfile's text, for the snippet under a failed step's error; null leaves only <c>FILE:LINE</c>.</summary>
    public string? DockerfileText { get; set; }

    public void StepCompleted(BuildStep step, TimeSpan elapsed)
    {
        Trace?.StepEnded(step, "done");
        OnCompleted(step, elapsed);
    }

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error)
    {
        Trace?.StepEnded(step, "failed");
        OnFailed(step, elapsed, error);
    }

    /// <summary>Declared here, not only in renderers: a derived class's method of the same name would not replace the
    /// interface's default implementation, because only this class lists <see cref="IBuildEvents"/>.</summary>
    public void StepCached(BuildStep step)
    {
        Trace?.StepEnded(step, "cached");
        OnCached(step);
    }

    public void PhaseCompleted(BuildPhase phase)
    {
        Trace?.Phase(phase);
        OnPhase(phase);
    }

    /// <summary>Where <c>--trace</c> collects steps and phases; null when not tracing.</summary>
    public ChromeTrace? Trace { get; set; }

    /// <summary>A timed phase ended; only rawjson shows phases.</summary>
    protected virtual void OnPhase(BuildPhase phase)
    {
    }

    public void StepMissed(BuildStep step, string reason) => OnMissed(step, reason);

    /// <summary>Where <see cref="Warning"/> writes; null drops warnings.</summary>
    public TextWriter? Warnings { get; set; }

    public void Warning(string message) => Warnings?.WriteLine($"WARNING: {message}");

    /// <summary>The highest step number shown so far.</summary>
    public int LastStep => Volatile.Read(ref _lastStep);

    /// <summary>A step for work after the build (export, push), numbered after every step seen so far.</summary>
    public BuildStep NewStep(string title) => new(Interlocked.Increment(ref _lastStep), title, "", 0);

    protected abstract void OnStarted(BuildStep step);

    protected abstract void OnOutput(BuildStep step, string line);

    protected abstract void OnCompleted(BuildStep step, TimeSpan elapsed);

    protected abstract void OnFailed(BuildStep step, TimeSpan elapsed, string error);

    protected abstract void OnCached(BuildStep step);

    /// <summary>Why the step missed the cache (it runs next); renderers that do not show it ignore it.</summary>
    protected virtual void OnMissed(BuildStep step, string reason)
    {
    }

    /// <summary>The build and its outputs are done: the summary (or nothing, or a result object).</summary>
    public abstract void BuildSucceeded(BuildResult result);

    /// <summary>A step failed: BuildKit's error block naming the step, its last output and the Dockerfile line.</summary>
    public abstract void BuildFailed(BuildStepException error, string fileName);

    public virtual void Dispose()
    {
        Logs.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Seconds(TimeSpan elapsed, string format = "0.0") =>
        elapsed.TotalSeconds.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The human error block plain and tty print: the step, its last output lines and where its whole log is,
    /// then the Dockerfile snippet BuildKit prints (<c>FILE:LINE</c>, the lines around it, <c>&gt;&gt;&gt;</c> on it).</summary>
    protected void WriteFailure(TextWriter writer, BuildStepException e, string fileName)
    {
        lock (writer)
        {
            writer.WriteLine($"ERROR: failed to build: {e.Step.Title}: {e.Cause}");
            if (e.LastLines.Count > 0)
            {
                writer.WriteLine("------");
                foreach (var line in e.LastLines) writer.WriteLine($" > {line}");
                writer.WriteLine("------");
            }
            if (Logs.Keep(e.Step.Id) is { } log) writer.WriteLine($"full log of step #{e.Step.Id}: {log}");
            if (DockerfileText is { } text && e.Step.Line > 0) SourceSnippet.Write(writer, fileName, text, e.Step.Line, e.Step.Line);
            else writer.WriteLine($"{fileName}:{e.Step.Line}");
        }
    }
}
