namespace Hoist.Building.Context.Git;

/// <summary>What a git source's ref resolved to: the commit, and the name to fetch it by (the full ref, or the commit
/// itself when the source named one).</summary>
internal sealed record GitResolution(string Commit, string FetchRef);
