namespace Hoist.Analysis.Diff;

/// <summary>A field that differs: its path (<c>config.Env[1]</c>, <c>mode</c>) and each side's value as JSON text or
/// plain text; null where a side does not have it.</summary>
public sealed record FieldDifference(string Path, string? A, string? B);
