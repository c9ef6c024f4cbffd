using Hoist.Checks;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Planning;

/// <summary>The whole frontend in one call: text → syntax → typed instructions → stage graph pruned to the target (or checks).</summary>
public static class DockerfileFrontend
{
    public static BuildPlan Plan(string text, string fileName, PlanOptions options)
    {
        using var reader = new StringReader(text);
        return Plan(reader, fileName, options);
    }

    /// <summary>Plans while reading: the text is parsed line by line and never held whole.</summary>
    public static BuildPlan Plan(TextReader reader, string fileName, PlanOptions options) =>
        Plan(DockerfileParser.Parse(reader, fileName), options);

    /// <summary>Plans a file already parsed (a build parses it once, for its checks and its plan).</summary>
    public static BuildPlan Plan(DockerfileSyntax syntax, PlanOptions options)
    {
        var instructions = InstructionReader.Read(syntax);
        var plan = StagePlanner.Plan(syntax.FileName, instructions, options with { EscapeChar = syntax.EscapeChar });
        return plan with { Syntax = syntax.Directives.FirstOrDefault(d => d.Name == "syntax")?.Value };
    }

    /// <summary>
    /// A base image's ONBUILD triggers (its config's <c>OnBuild</c> texts) as instructions, read as lines of
    /// <paramref name="fileName"/> would be; they run first in the stage built on that image.
    /// </summary>
    public static IReadOnlyList<Instruction> ParseTriggers(IReadOnlyList<string> triggers, string fileName)
    {
        if (triggers.Count == 0) return [];
        var syntax = DockerfileParser.Parse(string.Join("\n", triggers) + "\n", fileName);
        return InstructionReader.Read(syntax);
    }

    /// <summary>
    /// Checks the Dockerfile for the build <paramref name="options"/> describe: same target, build args and platforms.
    /// <paramref name="inputs"/> carries what needs I/O (the .dockerignore, the context's paths, known base images).
    /// With no target every stage is checked, as <c>docker build --call=check</c> does.
    /// </summary>
    public static CheckReport Check(string text, string fileName, PlanOptions options, CheckOptions? inputs = null) =>
        DockerfileChecker.Check(text, fileName, ForBuild(options, inputs));

    /// <summary>Checks a file already parsed, as <see cref="Check(string, string, PlanOptions, CheckOptions?)"/>.</summary>
    public static CheckReport Check(DockerfileSyntax syntax, PlanOptions options, CheckOptions? inputs = null) =>
        DockerfileChecker.Check(syntax, ForBuild(options, inputs));

    private static CheckOptions ForBuild(PlanOptions options, CheckOptions? inputs)
    {
        var buildArgs = options.ResolveBuildArgs();
        var target = options.EffectiveTargetPlatform;
        return (inputs ?? new CheckOptions()) with
        {
            Target = options.Target,
            BuildArgs = buildArgs,
            TargetPlatform = target,
            NamedContexts = options.NamedContexts.Keys.ToHashSet(StringComparer.Ordinal),
            PlatformArgs = PredefinedArgs.PlatformValues(options.BuildPlatform, target, options.Target ?? "default", buildArgs),
        };
    }
}
