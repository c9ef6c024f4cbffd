using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// What ships in the final stage of a multi-stage build (only when the target is the last stage):
/// HoistToolchainFinalStage, HoistBuildToolsInFinalStage and HoistWholeContextInFinalStage.
/// </summary>
internal static class FinalStageRules
{
    public static void Check(HoistCheckInput input, FindingSink sink)
    {
        if (!input.ShipsMultiStage) return;
        var final = input.Target;
        CheckBase(input, final, sink);
        foreach (var (line, text) in ShellText.Runs(final)) CheckInstalls(line, text, sink);
        CheckWholeContext(input, final, sink);
    }

    private static void CheckBase(HoistCheckInput input, CheckedStage final, FindingSink sink)
    {
        var root = final;
        while (root.BaseStage is { } parent) root = input.Stages[parent];
        if (Toolchains.ImageToolchain(root.BaseName) is not { } toolchain) return;
        sink.Report(HoistRules.ToolchainFinalStage, final.FromLine.At,
            $"The final stage is based on {root.BaseName}, a {toolchain} toolchain image: the image ships the compiler and its caches",
            final.FromLine.Node.Comments,
            fix: "build in an earlier stage and COPY --from it into a runtime base (e.g. gcr.io/distroless/static, alpine, a -slim or -jre image)");
    }

    private static void CheckInstalls(CheckedInstruction line, string text, FindingSink sink)
    {
        var commands = ShellText.Commands(text).ToList();
        if (commands.Any(PackageInstalls.Removes)) return; // installed and removed in one RUN: nothing ships
        var tools = commands.SelectMany(PackageInstalls.Installed).Where(Toolchains.IsBuildPackage).Distinct().ToList();
        if (tools.Count == 0) return;
        sink.Report(HoistRules.BuildToolsInFinalStage, line.At,
            $"The final stage installs build tools ({string.Join(", ", tools)}); they ship in the image",
            line.Node.Comments,
            fix: "install them in the build stage and COPY --from only its output; or remove them in the same RUN");
    }

    /// <summary>The final stage copies the whole context again although a stage it needs already built from it.</summary>
    private static void CheckWholeContext(HoistCheckInput input, CheckedStage final, FindingSink sink)
    {
        var builder = input.NeededStages.FirstOrDefault(s => s.Index != final.Index && s.Commands.Any(CopiesWholeContext));
        if (builder is null || !final.Commands.Any(c => c.Instruction is CopyInstruction { From: not null })) return;
        foreach (var line in final.Commands.Where(CopiesWholeContext))
        {
            var name = builder.Name ?? builder.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sink.Report(HoistRules.WholeContextInFinalStage, line.At,
                $"The final stage copies the whole build context, which stage {name} already built from: sources and build files ship in the image",
                line.Node.Comments,
                fix: $"copy only what runs (COPY --from={name} <outputs>, or the few files the runtime needs)");
        }
    }

    private static bool CopiesWholeContext(CheckedInstruction line) => line.Instruction is CopyInstruction { From: null } copy
        && copy.Sources.Any(s => s is "." or "./" or "/" or "*");
}
