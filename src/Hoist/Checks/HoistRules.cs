namespace Hoist.Checks;

/// <summary>
/// Hoist's own checks for the mistakes multi-stage builds exist to avoid. Each finding carries a fix. They look only
/// at the stages the build target needs and, where a rule is about what ships, only at the default target (the last
/// stage): a non-default target such as <c>test</c> or <c>dev</c> is usually a deliberate toolchain image.
/// </summary>
public static class HoistRules
{
    private static CheckRule Rule(string name, string description) =>
        new(name, description, $"docs/checks.md#{name.ToLowerInvariant()}", Origin: CheckOrigin.Hoist);

    public static CheckRule UnpinnedBaseImage { get; } = Rule("HoistUnpinnedBaseImage", "A base image without a version tag or digest (or tagged latest) changes under the build");
    public static CheckRule ToolchainFinalStage { get; } = Rule("HoistToolchainFinalStage", "The final stage of a multi-stage build is based on a full toolchain image");
    public static CheckRule BuildToolsInFinalStage { get; } = Rule("HoistBuildToolsInFinalStage", "The final stage of a multi-stage build installs compilers or build tools");
    public static CheckRule WholeContextInFinalStage { get; } = Rule("HoistWholeContextInFinalStage", "The final stage copies the whole build context again after a build stage compiled it");
    public static CheckRule CopyFromContextNotStage { get; } = Rule("HoistCopyFromContextNotStage", "A COPY without --from names a file the context lacks but an earlier stage makes");
    public static CheckRule DevDependenciesInFinalStage { get; } = Rule("HoistDevDependenciesInFinalStage", "Dependencies reach the final stage without a production-only install or prune");
    public static CheckRule UnknownFromStage { get; } = Rule("HoistUnknownFromStage", "--from names no stage but looks like a typo of one");

    public static IReadOnlyList<CheckRule> All { get; } =
    [
        UnpinnedBaseImage, ToolchainFinalStage, BuildToolsInFinalStage, WholeContextInFinalStage, CopyFromContextNotStage,
        DevDependenciesInFinalStage, UnknownFromStage,
    ];

    internal static void Check(HoistCheckInput input, FindingSink sink)
    {
        UnknownFromStageRule.Check(input, sink);
        UnpinnedBaseImageRule.Check(input, sink);
        FinalStageRules.Check(input, sink);
        CopyFromContextRule.Check(input, sink);
        DevDependenciesRule.Check(input, sink);
    }
}
