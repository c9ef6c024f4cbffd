namespace Hoist.Cli.Json;

/// <summary>A Chrome trace (JSON object format), viewable in chrome://tracing or ui.perfetto.dev.</summary>
public sealed record TraceDocument(IReadOnlyList<TraceEvent> TraceEvents)
{
    public string DisplayTimeUnit { get; init; } = "ms";
}
