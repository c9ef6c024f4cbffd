namespace Hoist.Execution;

/// <summary>runtime-spec config.md "Root".</summary>
public sealed record RuntimeRoot(string Path, bool Readonly);
