namespace Hoist.Planning;

/// <summary>A stage this stage needs, why, and the line that says so.</summary>
public sealed record StageDependency(int StageIndex, string StageName, DependencyReason Reason, int Line);
