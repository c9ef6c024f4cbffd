using Hoist.Checks;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Planning;

/// <summary>The whole frontend in one call: text → syntax → typed instructions → stage graph pruned to the target (or checks).</summary>
public static class DockerfileFrontend
{
    public static BuildPlan Plan(string text, string fileName, PlanOptions options)
    {
        var syntax = DockerfileParser.Parse(text, fileName);
        var instructions = InstructionReader.Read(syntax);
        return StagePlanner.Plan(fileName, instructions, options with { EscapeChar = syntax.EscapeChar });
    }

    /// <summary>
    /// Checks the Dockerfile for the build <paramref name="options"/> describe: same target, build args and platforms.
    /// <paramref name="inputs"/> carries what needs I/O (the .dockerignore, the context's paths, known base images).
    /// With no target every stage is checked, as <c>docker build --call=check</c> does.
    /// </summary>
    public static CheckReport Check(string text, string fileName, PlanOptions options, CheckOptions? inputs = null)
    {
        var buildArgs = options.ResolveBuildArgs();
        var target = options.EffectiveTargetPlatform;
        return DockerfileChecker.Check(text, fileName, (inputs ?? new CheckOptions()) with
        {
            Target = options.Target,
            BuildArgs = buildArgs,
            TargetPlatform = target,
            PlatformArgs = PredefinedArgs.PlatformValues(options.BuildPlatform, target, options.Target ?? "default", buildArgs),
        });
    }
}
