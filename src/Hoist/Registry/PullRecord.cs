namespace Hoist.Registry;

/// <summary>One pull as its FROM step shows it: the status lines and the time it took.</summary>
public sealed record PullRecord(IReadOnlyList<string> Lines, TimeSpan Elapsed);
