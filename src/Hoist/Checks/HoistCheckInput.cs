namespace Hoist.Checks;

/// <summary>What Hoist's rules look at: the file, its resolved stages, the build target and the stages it needs.</summary>
internal sealed record HoistCheckInput(CheckedFile File, IReadOnlyList<CheckedStage> Stages, CheckedStage Target, CheckOptions Options)
{
    public HashSet<int> Needed { get; } = DockerfileChecker.Reachable(Stages, Target);

    /// <summary>The target is the last stage of a file with several: the image that ships.</summary>
    public bool ShipsMultiStage => Stages.Count > 1 && Target.Index == Stages.Count - 1;

    public IEnumerable<CheckedStage> NeededStages => Stages.Where(s => Needed.Contains(s.Index));
}
