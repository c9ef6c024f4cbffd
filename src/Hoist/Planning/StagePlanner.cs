using System.Globalization;
using System.Text.RegularExpressions;
using Hoist.Checks;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Planning;

/// <summary>
/// Typed instructions → <see cref="BuildPlan"/>: stages, global ARGs, stage references, cycle checks and pruning to
/// the target. Follows BuildKit's frontend/dockerfile/dockerfile2llb (convert.go) in what it accepts and in the order
/// it reports errors: stage split, FROM expansion, target lookup, references and cycles, then per-stage scopes.
/// Pure: no I/O; every Dockerfile error is a <see cref="DockerfileException"/> with file and line.
/// </summary>
public static partial class StagePlanner
{
    private const string Scratch = "scratch";

    /// <summary>Names that already mean something in FROM and --from; BuildKit warns about them (ReservedStageName), Hoist refuses them.</summary>
    public static IReadOnlyList<string> ReservedStageNames { get; } = ["context", "scratch"];

    [GeneratedRegex("^[a-z][a-z0-9-_.]*$")]
    private static partial Regex ValidStageName();

    public static BuildPlan Plan(string fileName, IReadOnlyList<Instruction> instructions, PlanOptions options)
    {
        var buildArgs = options.ResolveBuildArgs();
        var expander = new ShellWordExpander(options.EscapeChar);
        var (metaArgs, declared) = SplitStages(fileName, instructions);
        ValidateStageNames(fileName, declared);

        var targetPlatform = options.EffectiveTargetPlatform;
        var targetStageName = options.Target ?? declared[^1].From.StageName ?? "";
        var global = ResolveGlobalArgs(
            fileName, metaArgs, expander, buildArgs, options.BuildPlatform, targetPlatform, targetStageName);
        var globalScope = global.Variables;
        var epoch = SourceDateEpoch.Resolve(buildArgs, global.Args, options.ContextSourceDateEpoch);

        var stages = ResolveBases(fileName, declared, expander, globalScope, targetPlatform, options);
        var target = ResolveTarget(stages, options.Target);
        stages = ResolveReferences(fileName, stages, expander, options.NamedContexts);
        RejectCycles(fileName, stages);

        var needed = ReachableFrom(stages, target.Index);
        var scopes = new Dictionary<int, StageScope>();
        for (var i = 0; i < stages.Count; i++)
        {
            if (!needed.Contains(i)) continue;
            RejectForwardReferences(fileName, stages, stages[i]);
            stages[i] = Evaluate(fileName, stages[i], expander, buildArgs, globalScope, scopes);
        }

        var buildOrder = stages.Where(s => needed.Contains(s.Index)).ToList();
        return new BuildPlan
        {
            FileName = fileName,
            Stages = stages,
            Target = stages[target.Index],
            BuildOrder = buildOrder,
            GlobalArgs = global.Args,
            GlobalScope = globalScope,
            BuildArgs = buildArgs,
            SourceDateEpoch = epoch.Seconds,
            SourceDateEpochOrigin = epoch.Origin,
            UnusedBuildArgs = UnusedBuildArgs(buildArgs, global.Args, buildOrder),
            BuildPlatform = options.BuildPlatform,
            TargetPlatform = targetPlatform,
            ExplicitTargetPlatform = options.TargetPlatform is not null,
            EscapeChar = options.EscapeChar,
            NamedContexts = options.NamedContexts,
        };
    }

    private sealed record DeclaredStage(int Index, FromInstruction From, List<Instruction> Instructions);

    private static (List<ArgInstruction> MetaArgs, List<DeclaredStage> Stages) SplitStages(
        string fileName, IReadOnlyList<Instruction> instructions)
    {
        var metaArgs = new List<ArgInstruction>();
        var stages = new List<DeclaredStage>();
        foreach (var instruction in instructions)
        {
            switch (instruction)
            {
                case FromInstruction from:
                    stages.Add(new DeclaredStage(stages.Count, from, []));
                    break;
                case ArgInstruction arg when stages.Count == 0:
                    metaArgs.Add(arg);
                    break;
                case var other when stages.Count == 0:
                    throw new DockerfileException(fileName, other.Line, "no build stage in current context");
                default:
                    stages[^1].Instructions.Add(instruction);
                    break;
            }
        }
        if (stages.Count == 0)
        {
            throw new DockerfileException(fileName, 0, "dockerfile contains no stages to build");
        }
        return (metaArgs, stages);
    }

    private static void ValidateStageNames(string fileName, List<DeclaredStage> stages)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            if (stage.From.StageName is not { } name) continue;
            var key = name.ToLowerInvariant();
            var line = stage.From.Line;
            if (!ValidStageName().IsMatch(key))
            {
                throw new DockerfileException(fileName, line,
                    $"invalid name for build stage: \"{name}\", name can't start with a number or contain symbols");
            }
            // BuildKit only lints these two; we refuse them because they never do what the author meant: a reserved
            // name is shadowed by its built-in meaning, and with a duplicate every --from silently picks the last one.
            if (ReservedStageNames.Contains(key))
            {
                throw new DockerfileException(fileName, line, $"stage name \"{name}\" is reserved");
            }
            if (seen.TryGetValue(key, out var firstLine))
            {
                throw new DockerfileException(fileName, line,
                    $"duplicate stage name \"{name}\" (first defined on line {firstLine})");
            }
            seen[key] = line;
        }
    }

    private static StageScope ResolveGlobalArgs(
        string fileName,
        List<ArgInstruction> metaArgs,
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> buildArgs,
        Platform buildPlatform,
        Platform targetPlatform,
        string targetStageName)
    {
        var targetStage = targetStageName.Length == 0 ? "default" : targetStageName;
        var scope = StageScope.StartGlobal(
            expander, buildArgs, PredefinedArgs.PlatformValues(buildPlatform, targetPlatform, targetStage, buildArgs));
        foreach (var instruction in metaArgs)
        {
            var current = scope;
            scope = Expand(fileName, instruction.Line, () => current.Apply(instruction));
        }
        return scope;
    }

    private static List<PlannedStage> ResolveBases(
        string fileName,
        List<DeclaredStage> declared,
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> globalScope,
        Platform targetPlatform,
        PlanOptions options)
    {
        var stages = new List<PlannedStage>();
        foreach (var stage in declared)
        {
            var from = stage.From;
            var baseName = Expand(fileName, from.Line, () => expander.ExpandWord(from.BaseName, globalScope));
            var blank = baseName.Length == 0;
            if (blank && !options.ListingOnly)
            {
                throw new DockerfileException(fileName, from.Line, $"base name ({from.BaseName}) should not be blank");
            }
            // Listing stages needs no base (BuildKit's --call=targets): a blank one is shown as written.
            if (blank) baseName = from.BaseName;

            Platform? explicitPlatform = null;
            if (from.Platform is { } platformText)
            {
                var expansion = Expand(fileName, from.Line, () => expander.ExpandWordWithMatches(platformText, globalScope));
                explicitPlatform = ParsePlatform(fileName, from.Line, platformText, expansion, globalScope.Keys);
            }

            // A named context replaces the stage or image of its name (BuildKit); else FROM sees only the stages declared
            // before it: a name that matches nothing earlier is an image. A directory or git context is a stage of its
            // files (BuildKit's local or git source as the stage's state, with scratch's config).
            var context = baseName == Scratch ? null : NamedContext.Find(options.NamedContexts, baseName);
            var files = context is { Kind: NamedContextKind.Directory or NamedContextKind.Git } ? context : null;
            if (context is not null && files is null) baseName = context.Value;
            var baseStage = baseName == Scratch || context is not null ? null : FindByName(stages, baseName);
            var kind = baseName == Scratch ? StageBaseKind.Scratch
                : files is not null ? StageBaseKind.Context
                : baseStage is not null ? StageBaseKind.Stage
                : StageBaseKind.Image;
            if (kind == StageBaseKind.Image && !blank) RequireImageReference(fileName, from.Line, baseName);
            stages.Add(new PlannedStage
            {
                Index = stage.Index,
                Name = from.StageName,
                Description = from.StageName is { } stageName ? from.DescriptionOf(stageName.ToLowerInvariant()) : null,
                From = from,
                BaseName = baseName,
                BaseKind = kind,
                BaseContext = files,
                BaseStageIndex = baseStage?.Index,
                // BuildKit gives a stage built on another stage that stage's platform, whatever its own --platform says.
                Platform = baseStage?.Platform ?? explicitPlatform ?? targetPlatform,
                Instructions = stage.Instructions,
                InheritedTriggers = baseStage is null ? [] : Triggers(baseStage),
            });
        }
        return stages;
    }

    /// <summary>FROM --platform's value, or BuildKit's error for an empty or unparsable one (with a "did you mean").</summary>
    private static Platform ParsePlatform(string fileName, int line, string expression, WordExpansion expansion, IEnumerable<string> globalArgs)
    {
        if (expansion.Value.Length == 0)
        {
            throw new DockerfileException(fileName, line, FromPlatformError.Empty(expression, expansion.Unmatched, globalArgs));
        }
        try
        {
            return Platform.Parse(expansion.Value);
        }
        catch (HoistException)
        {
            throw new DockerfileException(fileName, line, FromPlatformError.Unparsable(expression, expansion.Value, expansion.Unmatched, globalArgs));
        }
    }

    /// <summary>A name that is neither scratch nor a stage must be an image reference, checked before anything runs as
    /// BuildKit does (<c>FROM alpine:</c>, <c>COPY --from=Alpine</c>).</summary>
    private static void RequireImageReference(string fileName, int line, string name)
    {
        if (!OciLayoutReference.IsLayoutReference(name) && !ImageReference.TryParse(name, out _, out _))
        {
            throw new DockerfileException(fileName, line, $"failed to parse stage name \"{name}\": {ImageReference.NormalizedNameError(name)}");
        }
    }

    private static IReadOnlyList<Instruction> Triggers(PlannedStage stage) =>
        [.. stage.Instructions.OfType<OnbuildInstruction>().Select(onbuild => onbuild.Trigger)];

    private static PlannedStage ResolveTarget(List<PlannedStage> stages, string? target)
    {
        if (target is null) return stages[^1];
        if (FindByName(stages, target) is { } found) return found;
        var names = stages.Where(s => s.Name is not null).Select(s => s.Name!).ToList();
        var listed = names.Count == 0 ? "none has a name" : string.Join(", ", names);
        throw new HoistException($"target stage \"{target}\" could not be found; stages: {listed}");
    }

    private static PlannedStage? FindByName(IEnumerable<PlannedStage> stages, string name) =>
        stages.FirstOrDefault(s => s.Name is not null && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static List<PlannedStage> ResolveReferences(string fileName, List<PlannedStage> stages, ShellWordExpander expander,
        IReadOnlyDictionary<string, NamedContext> contexts)
    {
        var resolved = new List<PlannedStage>(stages.Count);
        foreach (var stage in stages)
        {
            var dependencies = new List<StageDependency>();
            var images = new List<ExternalImageReference>();
            if (stage.BaseStageIndex is { } baseIndex)
            {
                dependencies.Add(new StageDependency(baseIndex, stages[baseIndex].DisplayName, DependencyReason.From, stage.From.Line));
            }
            foreach (var (instruction, line) in Steps(stage))
            {
                foreach (var (from, reason) in References(instruction))
                {
                    if (NamedContext.Find(contexts, from) is { } context)
                    {
                        // A directory is read like the build context; an image context is an image under another name.
                        if (context.Kind == NamedContextKind.Image) images.Add(new ExternalImageReference(context.Value, reason, line));
                        continue;
                    }
                    var target = ResolveReference(fileName, stages, expander, from, reason, line);
                    if (target is { } index)
                    {
                        dependencies.Add(new StageDependency(index, stages[index].DisplayName, reason, line));
                    }
                    else if (from != Scratch)
                    {
                        RequireImageReference(fileName, line, from);
                        images.Add(new ExternalImageReference(from, reason, line));
                    }
                }
            }
            resolved.Add(stage with { Dependencies = dependencies, ExternalImages = images });
        }
        return resolved;
    }

    /// <summary>What the stage runs, in order: inherited ONBUILD triggers (BuildKit places them on the FROM line), then its own.</summary>
    private static IEnumerable<(Instruction Instruction, int Line)> Steps(PlannedStage stage) =>
        stage.InheritedTriggers.Select(t => (t, stage.From.Line)).Concat(stage.Instructions.Select(i => (i, i.Line)));

    private static IEnumerable<(string From, DependencyReason Reason)> References(Instruction instruction) => instruction switch
    {
        CopyInstruction { From: { } from } => [(from, DependencyReason.CopyFrom)],
        RunInstruction run => run.Mounts.Where(m => m.From is not null).Select(m => (m.From!, DependencyReason.RunMountFrom)),
        _ => [],
    };

    /// <summary>The stage index a --from names, or null for an image.</summary>
    private static int? ResolveReference(
        string fileName, List<PlannedStage> stages, ShellWordExpander expander, string from, DependencyReason reason, int line)
    {
        if (reason == DependencyReason.CopyFrom)
        {
            // BuildKit resolves --from before any stage runs, so there is no scope to expand it with; it refuses variables.
            var empty = new Dictionary<string, string>();
            if (Expand(fileName, line, () => expander.ExpandWord(from, empty)) != from)
            {
                throw new DockerfileException(fileName, line,
                    "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
            }
            if (int.TryParse(from, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                if (index < 0 || index >= stages.Count)
                {
                    throw new DockerfileException(fileName, line, $"invalid stage index {index}");
                }
                return index;
            }
        }
        else
        {
            var dollar = from.IndexOf('$');
            if (dollar >= 0 && dollar != from.Length - 1)
            {
                throw new DockerfileException(fileName, line, "'from' doesn't support variable expansion, define alias stage instead");
            }
        }
        // A mount's from= is a stage name or an image, never an index (BuildKit looks it up by name only).
        return FindByName(stages, from)?.Index;
    }

    private static void RejectCycles(string fileName, List<PlannedStage> stages)
    {
        var done = new HashSet<int>();
        foreach (var stage in stages)
        {
            var path = new List<(int Stage, StageDependency Via)>();
            if (FindCycle(stages, stage.Index, done, path, new HashSet<int>()) is { } cycle)
            {
                var first = stages[cycle[0].Stage];
                var names = cycle.Select(step => stages[step.Stage].DisplayName).Append(first.DisplayName);
                throw new DockerfileException(fileName, cycle[0].Via.Line,
                    $"circular dependency detected on stage: {first.DisplayName} ({string.Join(" -> ", names)})");
            }
        }
    }

    private static List<(int Stage, StageDependency Via)>? FindCycle(
        List<PlannedStage> stages, int index, HashSet<int> done, List<(int Stage, StageDependency Via)> path, HashSet<int> onPath)
    {
        if (done.Contains(index)) return null;
        onPath.Add(index);
        foreach (var dependency in stages[index].Dependencies)
        {
            path.Add((index, dependency));
            if (onPath.Contains(dependency.StageIndex))
            {
                return path.SkipWhile(step => step.Stage != dependency.StageIndex).ToList();
            }
            if (FindCycle(stages, dependency.StageIndex, done, path, onPath) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
        }
        onPath.Remove(index);
        done.Add(index);
        return null;
    }

    private static HashSet<int> ReachableFrom(List<PlannedStage> stages, int target)
    {
        var reached = new HashSet<int>();
        var pending = new Stack<int>([target]);
        while (pending.TryPop(out var index))
        {
            if (!reached.Add(index)) continue;
            foreach (var dependency in stages[index].Dependencies) pending.Push(dependency.StageIndex);
        }
        return reached;
    }

    private static void RejectForwardReferences(string fileName, List<PlannedStage> stages, PlannedStage stage)
    {
        foreach (var dependency in stage.Dependencies.Where(d => d.StageIndex > stage.Index))
        {
            var message = dependency.Reason == DependencyReason.CopyFrom
                ? $"cannot copy from stage \"{dependency.StageName}\", it needs to be defined before current stage \"{stage.DisplayName}\""
                : $"cannot mount from stage \"{dependency.StageName}\", stage needs to be defined before current stage \"{stage.DisplayName}\"";
            throw new DockerfileException(fileName, dependency.Line, message);
        }
    }

    /// <summary>Walks the stage's instructions with its scope to resolve its ARGs, secrets and cache mounts, and to refuse
    /// the COPY/ADD flags and sources BuildKit refuses before building.</summary>
    private static PlannedStage Evaluate(
        string fileName,
        PlannedStage stage,
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> globalScope,
        Dictionary<int, StageScope> scopes)
    {
        // A stage built on another continues from where that one ended (its ENV and ARG values), as in BuildKit.
        var scope = stage.BaseStageIndex is { } baseIndex ? scopes[baseIndex] : StageScope.Start(expander, buildArgs, globalScope);
        var args = new List<ResolvedArg>();
        var argPositions = new Dictionary<string, int>(StringComparer.Ordinal);
        var secrets = new List<SecretReference>();
        var caches = new List<CacheMountReference>();
        foreach (var (instruction, line) in Steps(stage))
        {
            if (instruction is RunInstruction run)
            {
                foreach (var mount in run.Mounts)
                {
                    CollectMount(fileName, (line, line == run.Line ? run.EndLine : line), scope, mount, secrets, caches);
                }
            }
            CopyInstructionRules.Check(fileName, line, instruction, scope);
            var current = scope;
            scope = Expand(fileName, line, () => current.Apply(instruction));
            if (instruction is ArgInstruction arg)
            {
                foreach (var declaration in arg.Arguments)
                {
                    var resolved = scope.ArgNamed(declaration.Name)! with { Line = line };
                    if (argPositions.TryGetValue(resolved.Name, out var existing)) args[existing] = resolved;
                    else
                    {
                        argPositions.Add(resolved.Name, args.Count);
                        args.Add(resolved);
                    }
                }
            }
        }
        scopes[stage.Index] = scope;
        return stage with { Args = args, Secrets = secrets, CacheMounts = caches, FinalScope = scope };
    }

    private static void CollectMount(string fileName, (int First, int Last) lines, StageScope scope, RunMount mount,
        List<SecretReference> secrets, List<CacheMountReference> caches)
    {
        var line = lines.First;
        string? Value(string? word) => word is null ? null : Expand(fileName, line, () => scope.ExpandWord(word));
        switch (mount.Type)
        {
            case MountType.Secret:
                // BuildKit: the id is source if given, else id, else the last element of target.
                var id = NonEmpty(Value(mount.Source)) ?? NonEmpty(Value(mount.Id)) ?? LastElement(Value(mount.Target) ?? "");
                if (id.Length == 0)
                {
                    throw new DockerfileException(fileName, line, "invalid secret mount: one of source, target required");
                }
                if (!secrets.Exists(s => s.Id == id)) secrets.Add(new SecretReference(id, mount.Required, line) { EndLine = lines.Last });
                break;
            case MountType.Cache:
                var target = Value(mount.Target) ?? "";
                var cacheId = NonEmpty(Value(mount.Id)) ?? UnixPath.Clean(target);
                caches.Add(new CacheMountReference(cacheId, target, mount.Sharing, line));
                break;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string LastElement(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "" : trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static IReadOnlyList<string> UnusedBuildArgs(
        IReadOnlyDictionary<string, string> buildArgs, IReadOnlyList<ResolvedArg> globalArgs, List<PlannedStage> built)
    {
        var declared = new HashSet<string>(globalArgs.Select(a => a.Name), StringComparer.Ordinal);
        foreach (var stage in built) declared.UnionWith(stage.Args.Select(a => a.Name));
        return [.. buildArgs.Keys
            .Where(k => !declared.Contains(k) && !PredefinedArgs.IsPlatformArg(k) && !PredefinedArgs.IsProxyArg(k)
                && k != SourceDateEpoch.Name)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Runs an expansion, turning its error into one that names the file and line.</summary>
    private static T Expand<T>(string fileName, int line, Func<T> expand)
    {
        try
        {
            return expand();
        }
        catch (ExpansionException e)
        {
            throw new DockerfileException(fileName, line, e.Message);
        }
    }
}
