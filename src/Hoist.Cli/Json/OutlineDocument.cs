namespace Hoist.Cli.Json;

/// <summary><c>hoist outline --format json</c>: the pruned stage graph for one target.</summary>
public sealed record OutlineDocument(
    string Target,
    string BuildPlatform,
    string TargetPlatform,
    IReadOnlyList<OutlineStage> Stages,
    IReadOnlyList<string> SkippedStages,
    IReadOnlyList<OutlineArg> GlobalArgs,
    IReadOnlyList<string> UnusedBuildArgs,
    string? Syntax);
