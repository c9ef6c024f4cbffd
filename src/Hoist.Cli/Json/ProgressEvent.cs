namespace Hoist.Cli.Json;

/// <summary>
/// One line of <c>--progress rawjson</c>: <see cref="Type"/> says which fields are set (docs/progress.md).
/// </summary>
public sealed record ProgressEvent
{
    /// <summary><c>step-started</c>, <c>step-output</c>, <c>step-completed</c>, <c>step-cached</c>, <c>step-failed</c>, <c>build-failed</c> or <c>result</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Seconds since the build started.</summary>
    public required double Time { get; init; }

    public int? Step { get; init; }

    /// <summary>For "phase" events: which part of the build (context-hash, cache-lookup, unpack, mount, container,
    /// layer, compress, export); <see cref="Time"/> is when it ended, <see cref="Elapsed"/> how long it took.</summary>
    public string? Phase { get; init; }

    public string? Title { get; init; }

    public string? Stage { get; init; }

    /// <summary>The Dockerfile line of the step (absent for exports and pushes).</summary>
    public int? Line { get; init; }

    /// <summary>A line of output (<c>step-output</c>).</summary>
    public string? Text { get; init; }

    /// <summary>Seconds the step took.</summary>
    public double? Elapsed { get; init; }

    public string? Error { get; init; }

    /// <summary>Why a step that ran missed the cache, relative to its last build (<c>step-completed</c>, <c>step-failed</c>).</summary>
    public string? Miss { get; init; }

    /// <summary>The failed step's last output lines (<c>build-failed</c>).</summary>
    public IReadOnlyList<string>? LastLines { get; init; }

    public string? ImageId { get; init; }

    public string? ManifestDigest { get; init; }

    public IReadOnlyList<string>? Names { get; init; }

    public IReadOnlyList<ProgressStage>? Stages { get; init; }
}
