using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hoist.Building.Engine;
using Hoist.Cli.Json;

namespace Hoist.Cli;

/// <summary><c>--progress rawjson</c>: every build event as one JSON object per line (schema in docs/progress.md).</summary>
public sealed class RawJsonProgress(TextWriter writer, Func<TimeSpan>? clock = null) : BuildProgress
{
    private readonly Func<TimeSpan> _clock = clock ?? StartClock();

    /// <summary>Why each step that missed the cache missed, until the event that ends it carries it as <c>miss</c>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _misses = new();

    protected override void OnStarted(BuildStep step) => Write(Event("step-started", step));

    protected override void OnOutput(BuildStep step, string line) => Write(Event("step-output", step) with { Text = line });

    protected override void OnCompleted(BuildStep step, TimeSpan elapsed) =>
        Write(Event("step-completed", step) with { Elapsed = Math.Round(elapsed.TotalSeconds, 3), Miss = Miss(step) });

    protected override void OnMissed(BuildStep step, string reason) => _misses[step.Id] = reason;

    private string? Miss(BuildStep step) => _misses.TryRemove(step.Id, out var reason) ? reason : null;

    protected override void OnPhase(BuildPhase phase) => Write(new ProgressEvent
    {
        Type = "phase",
        Time = Now(),
        Phase = phase.Name,
        Step = phase.Step?.Id,
        Elapsed = Math.Round(phase.Duration.TotalSeconds, 3),
    });

    protected override void OnCached(BuildStep step) => Write(Event("step-cached", step) with { Elapsed = 0 });

    protected override void OnFailed(BuildStep step, TimeSpan elapsed, string error) =>
        Write(Event("step-failed", step) with { Elapsed = Math.Round(elapsed.TotalSeconds, 3), Error = error, Miss = Miss(step) });

    public override void BuildSucceeded(BuildResult result) => Write(new ProgressEvent
    {
        Type = "result",
        Time = Now(),
        ImageId = result.ImageId.ToString(),
        ManifestDigest = result.ManifestDigest.ToString(),
        Names = [.. result.Names.Select(n => n.ToString())],
        Elapsed = Math.Round(result.Elapsed.TotalSeconds, 3),
        Stages = [.. result.Stages.Select(s => new ProgressStage(s.Name, s.Index, s.Layers, s.CompressedSize, s.UncompressedSize,
            s.Index == result.Final.Index))],
    });

    public override void BuildFailed(BuildStepException error, string fileName) => Write(Event("build-failed", error.Step) with
    {
        Error = error.Cause,
        LastLines = error.LastLines,
    });

    private ProgressEvent Event(string type, BuildStep step) => new()
    {
        Type = type,
        Time = Now(),
        Step = step.Id,
        Title = step.Title,
        Stage = step.StageName.Length == 0 ? null : step.StageName,
        Line = step.Line == 0 ? null : step.Line,
    };

    /// <summary>Readable text: &lt;, &gt;, &amp; and non-ASCII stay as they are (still valid JSON, one object per line).</summary>
    private static readonly ProgressJsonContext Serializer = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });

    private static Func<TimeSpan> StartClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    private double Now() => Math.Round(_clock().TotalSeconds, 3);

    private void Write(ProgressEvent value)
    {
        var json = JsonSerializer.Serialize(value, Serializer.ProgressEvent);
        lock (writer) writer.WriteLine(json);
    }
}
