namespace Hoist.Cli.Json;

/// <summary>One stage as a build target; <see cref="Platform"/> is FROM --platform as written, if any.</summary>
public sealed record TargetEntry(int Index, string? Name, string Base, string BaseKind, string? Platform, bool Default, int Line, string? Description);
