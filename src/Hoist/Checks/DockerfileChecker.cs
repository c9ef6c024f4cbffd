using System.Globalization;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>
/// Checks a Dockerfile: BuildKit's build checks, in the order BuildKit runs them (parse, whole-file, FROM, then each
/// stage's dispatch), then Hoist's own rules. Pure: the .dockerignore and what is known of base images come in through
/// <see cref="CheckOptions"/>. Never throws for a bad Dockerfile: the error that stops BuildKit's check stops this one
/// and is returned with the findings made before it.
/// </summary>
public static class DockerfileChecker
{
    public static CheckReport Check(string text, string fileName, CheckOptions options)
    {
        DockerfileSyntax syntax;
        try
        {
            syntax = DockerfileParser.Parse(text, fileName);
        }
        catch (HoistException e)
        {
            return new CheckReport { Findings = [], Settings = CheckSettings.Default, Error = e.Message, ErrorCause = Cause(e), ErrorLine = Line(e) };
        }
        return Check(syntax, options);
    }

    /// <summary>Checks a file already parsed (a build parses it once, for its checks and its plan).</summary>
    public static CheckReport Check(DockerfileSyntax syntax, CheckOptions options)
    {
        CheckSettings settings;
        try
        {
            settings = Settings(syntax, options);
        }
        catch (HoistException e)
        {
            return new CheckReport
            {
                Findings = [], Settings = CheckSettings.Default, Error = e.Message, ErrorCause = Cause(e), ErrorLine = Line(e), SettingsError = true,
            };
        }
        var sink = new FindingSink(settings);
        HoistException? error = null;
        try
        {
            Run(syntax, options, sink);
        }
        catch (HoistException e)
        {
            error = e;
        }
        return new CheckReport
        {
            Findings = sink.Findings, Settings = settings, Error = error?.Message,
            ErrorCause = error is null ? null : Cause(error), ErrorLine = error is null ? 0 : Line(error),
        };
    }

    private static string Cause(HoistException error) => error is DockerfileException located ? located.Cause : error.Message;

    private static int Line(HoistException error) => error is DockerfileException located ? located.Line : 0;

    /// <summary>The <c>BUILDKIT_DOCKERFILE_CHECK</c> build arg replaces the <c># check=</c> directive entirely.</summary>
    private static CheckSettings Settings(DockerfileSyntax syntax, CheckOptions options)
    {
        if (options.BuildArgs.TryGetValue(CheckOptions.CheckBuildArg, out var fromArg))
        {
            return Parse(fromArg, $"failed to parse {CheckOptions.CheckBuildArg}");
        }
        var directive = syntax.Directives.FirstOrDefault(d => d.Name == "check");
        return directive is null ? CheckSettings.Default : Parse(directive.Value, $"{syntax.FileName}:{directive.Line}: failed to parse check options");
    }

    private static CheckSettings Parse(string text, string context)
    {
        try
        {
            return CheckSettings.Parse(text);
        }
        catch (HoistException e)
        {
            throw new HoistException($"{context}: {e.Message}");
        }
    }

    private static void Run(DockerfileSyntax syntax, CheckOptions options, FindingSink sink)
    {
        FileRules.CheckContinuations(syntax, sink);
        var file = CheckedFile.Read(syntax, sink);
        FileRules.CheckStageNames(file, sink);
        FileRules.CheckCasing(file, sink);
        var expander = new ShellWordExpander(syntax.EscapeChar);
        var (globals, stages) = new FromRules(file, options, expander, sink).Resolve();
        var target = Target(syntax.FileName, stages, options.Target);
        var reachable = options.Target is null && !options.ForBuild ? stages.Select(s => s.Index).ToHashSet() : Reachable(stages, target);
        RequireImageNames(syntax.FileName, stages, options);
        BaseImageRules.Check(stages, reachable, options, sink);
        var dispatch = new DispatchRules(syntax.FileName, options, expander, globals, sink);
        var states = new Dictionary<int, StageState>();
        foreach (var stage in stages.Where(s => reachable.Contains(s.Index)))
        {
            var state = stage.BaseStage is { } parent && states.TryGetValue(parent, out var inherited)
                ? inherited.Continue()
                : StageState.FromImage(stage.BaseStage is null ? options.BaseImage(stage.BaseName) : null);
            dispatch.Dispatch(stage, state);
            states[stage.Index] = state;
        }
        HoistRules.Check(new HoistCheckInput(file, stages, target, options), sink);
    }

    /// <summary>
    /// Every base that is neither scratch, a stage nor a named context must be an image reference: BuildKit parses each
    /// one (reachable or not) before it resolves any image, so the error ends the check after the FROM rules.
    /// </summary>
    private static void RequireImageNames(string fileName, IReadOnlyList<CheckedStage> stages, CheckOptions options)
    {
        foreach (var stage in stages.Where(s => s.BaseStage is null && s.BaseName != "scratch" && !options.NamedContexts.Contains(s.BaseName)))
        {
            if (OciLayoutReference.IsLayoutReference(stage.BaseName) || ImageReference.TryParse(stage.BaseName, out _, out _)) continue;
            throw new DockerfileException(fileName, stage.From.Line, $"failed to parse stage name \"{stage.BaseName}\": {ImageReference.NormalizedNameError(stage.BaseName)}");
        }
    }

    private static CheckedStage Target(string fileName, IReadOnlyList<CheckedStage> stages, string? target)
    {
        if (target is null) return stages[^1];
        return stages.FirstOrDefault(s => s.Name is not null && s.Name.Equals(target, StringComparison.OrdinalIgnoreCase))
            ?? throw new DockerfileException(fileName, 0, $"target stage \"{target}\" could not be found");
    }

    /// <summary>The stages the target needs: its base stage and every stage a COPY --from or RUN --mount from= names.</summary>
    internal static HashSet<int> Reachable(IReadOnlyList<CheckedStage> stages, CheckedStage target)
    {
        var reached = new HashSet<int>();
        var pending = new Stack<int>([target.Index]);
        while (pending.TryPop(out var index))
        {
            if (!reached.Add(index)) continue;
            var stage = stages[index];
            if (stage.BaseStage is { } parent) pending.Push(parent);
            foreach (var reference in References(stage))
            {
                if (Find(stages, reference) is { } dependency) pending.Push(dependency);
            }
        }
        return reached;
    }

    internal static IEnumerable<string> References(CheckedStage stage) => stage.Commands.SelectMany(c => c.Instruction switch
    {
        CopyInstruction { From: { } from } => [from],
        RunInstruction run => run.Mounts.Where(m => m.From is not null).Select(m => m.From!),
        _ => Enumerable.Empty<string>(),
    });

    /// <summary>The stage a --from names (a stage name, any case, or an index), or null for an image.</summary>
    internal static int? Find(IReadOnlyList<CheckedStage> stages, string reference)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < stages.Count) return index;
        return stages.FirstOrDefault(s => s.Name is not null && s.Name.Equals(reference, StringComparison.OrdinalIgnoreCase))?.Index;
    }
}
