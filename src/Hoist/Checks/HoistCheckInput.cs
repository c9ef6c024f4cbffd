namespace Hoist.Checks;

/// <summary>What Hoist's rules look at: the file, its resolved stages, the build target and the stages it needs.</summary>
internal sealed record HoistCheckInput(CheckedFile File, IReadOnlyList<CheckedStage> Stages, CheckedStage Target, CheckOptions Options)
{
    public HashSet<int> Needed { get; } = DockerfileChecker.Reachable(Stages, Target);

    private static readonly string[] DevelopmentWords = ["dev", "devel", "development", "envs", "devcontainer", "test", "tests", "lint", "ci", "debug"];

    /// <summary>
    /// The target is the last stage of a file with several, and its name does not say it is a development, test or
    /// debug environment (awesome-compose's <c>dev-envs</c>, a trailing <c>test</c> stage): the image that ships.
    /// </summary>
    public bool ShipsMultiStage => Stages.Count > 1 && Target.Index == Stages.Count - 1 && !IsDevelopmentStage(Target.Name);

    private static bool IsDevelopmentStage(string? name) =>
        name is not null && name.ToLowerInvariant().Split('-', '_', '.').Any(DevelopmentWords.Contains);

    public IEnumerable<CheckedStage> NeededStages => Stages.Where(s => Needed.Contains(s.Index));
}
