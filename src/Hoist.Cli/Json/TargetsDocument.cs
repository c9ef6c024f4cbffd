namespace Hoist.Cli.Json;

/// <summary><c>hoist targets --format json</c>.</summary>
public sealed record TargetsDocument(IReadOnlyList<TargetEntry> Targets);
