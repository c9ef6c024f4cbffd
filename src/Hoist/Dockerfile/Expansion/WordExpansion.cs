namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// The result of expanding one word: its value, the variable names it looked up and found, and those it looked up
/// but that were unset. Every lookup counts, even one whose value ends up unused (<c>${SET:-$OTHER}</c> looks up
/// both), because BuildKit evaluates the word part eagerly; lint and cache keys rely on the same sets.
/// </summary>
public sealed record WordExpansion(string Value, IReadOnlySet<string> Matched, IReadOnlySet<string> Unmatched);
