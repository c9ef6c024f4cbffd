using System.Globalization;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Execution;
using Hoist.Planning;
using Hoist.Posix;

namespace Hoist.Dispatch;

/// <summary>
/// BuildKit's dockerfile2llb, pure: walks a stage's ONBUILD triggers and instructions once with the planner's scope,
/// expands their words, writes their history text, binds <c>--from</c> references to stages, and returns typed steps.
/// Nothing runs and nothing is read; errors name the Dockerfile line. <paramref name="allowInsecure"/> is the
/// <c>security.insecure</c> entitlement: without it a <c>RUN --security=insecure</c> is refused here, before any
/// step runs or is looked up in the cache, as BuildKit does. <paramref name="sandboxKey"/> is what the build's RUN
/// container settings (<c>--add-host</c>, <c>--ulimit</c>…) add to every RUN's key.
/// </summary>
public sealed class StageDispatcher(BuildPlan plan, NetworkMode defaultNetwork, bool allowInsecure = false, string sandboxKey = "")
{
    public DispatchedStage Dispatch(PlannedStage stage, StageStart start)
    {
        var state = start.State;
        var steps = new List<DispatchStep>();
        if (stage.BaseContext is { } files) steps.Add(ContextFiles(stage, files, state));
        foreach (var (instruction, line) in Instructions(stage, start.Triggers))
        {
            DispatchStep step;
            (step, state) = DispatchOne(stage, instruction, line, state);
            steps.Add(step);
        }
        return new DispatchedStage(stage, steps, state);
    }

    /// <summary>
    /// FROM a directory or git context: the context's files as the stage's first layer, copied as <c>COPY --from=NAME / /</c>
    /// copies them (owned by root, modes and mtimes kept, a directory's .dockerignore applied) and keyed the same way: by
    /// the files' content, or by the commit a git ref resolves to.
    /// </summary>
    private static CopyStep ContextFiles(PlannedStage stage, NamedContext context, DispatchState state)
    {
        var git = context.Kind == NamedContextKind.Git;
        var title = git ? "[internal] load git source " + context.Value : $"[context {context.Name}] load from client";
        return new()
        {
            Line = stage.From.Line,
            Text = title,
            SourceTitle = title,
            CreatedBy = git ? GitSnapshotHistory(context.Value) : "local source for " + context.Name,
            Config = state.ConfigState.Config,
            Author = state.ConfigState.Author,
            Request = new CopyRequest { Sources = ["/"], Destination = "/" },
            Source = git ? new GitContextRef(context.Name, context.Value) : new ContextRef(context.Name, context.Value),
        };
    }

    /// <summary>BuildKit's description of a git snapshot: the remote and the ref, without sub-directory or query. Where no
    /// ref is given BuildKit names the remote's default branch; Hoist writes HEAD.</summary>
    private static string GitSnapshotHistory(string url)
    {
        var reference = GitSourceReference.Parse(url);
        return $"git snapshot for {reference.Remote}#{reference.Ref ?? "HEAD"}";
    }

    /// <summary>The base image's triggers, then the base stage's, as if written right after FROM, then the stage's own.</summary>
    private static IEnumerable<(Instruction Instruction, int Line)> Instructions(PlannedStage stage, IReadOnlyList<Instruction> imageTriggers) =>
        imageTriggers.Concat(stage.InheritedTriggers).Select(t => (t, stage.From.Line)).Concat(stage.Instructions.Select(i => (i, i.Line)));

    private (DispatchStep Step, DispatchState State) DispatchOne(PlannedStage stage, Instruction original, int line, DispatchState state)
    {
        try
        {
            // An ARG's default is the scope's to expand, and only when no build arg overrides it (BuildKit's dispatch
            // skips ARG too): ARG BAR=${FOO:?missing} builds with --build-arg BAR=1.
            var instruction = original is IExpandable expandable and not ArgInstruction
                ? expandable.Expand(state.Scope.ExpandWord, state.Scope.ExpandWords)
                : original;
            return instruction switch
            {
                ArgInstruction arg => Arg(original, arg, line, state),
                EnvInstruction env => Env(original, env, line, state),
                RunInstruction run => (Run(stage, original, run, line, state), state),
                CopyInstruction copy => (Copy(stage, original, copy, line, state), state),
                AddInstruction add => (Add(original, add, line, state), state),
                WorkdirInstruction workdir => Workdir(original, workdir, line, state),
                _ when ConfigInstructions.Changes(instruction) => Config(original, instruction, line, state),
                _ => throw new DockerfileException(plan.FileName, line, $"{instruction.GetType().Name} is not supported in a build stage"),
            };
        }
        catch (ExpansionException e)
        {
            throw new DockerfileException(plan.FileName, line, e.Message);
        }
        catch (HoistException e) when (e is not DockerfileException)
        {
            throw new DockerfileException(plan.FileName, line, e.Message);
        }
    }

    private (DispatchStep, DispatchState) Config(Instruction original, Instruction instruction, int line, DispatchState state)
    {
        var change = ConfigInstructions.Apply(state.ConfigState, instruction);
        var next = state with { ConfigState = change.State };
        return (ConfigStep(original, line, change.CreatedBy, next) with { AddsHistory = change.AddsHistory }, next);
    }

    private static ConfigStep ConfigStep(Instruction original, int line, string createdBy, DispatchState state) => new()
    {
        Line = line,
        Text = original.Original,
        CreatedBy = createdBy,
        Config = state.ConfigState.Config,
        Author = state.ConfigState.Author,
    };

    /// <summary>ENV changes the scope (from the words as written, each value seeing the line's old values) and the
    /// values a RUN sees for build args of the same name.</summary>
    private (DispatchStep, DispatchState) Env(Instruction original, EnvInstruction env, int line, DispatchState state)
    {
        var change = ConfigInstructions.Apply(state.ConfigState, env);
        var runArgs = state.RunArgs.ToList();
        foreach (var variable in env.Variables)
        {
            var index = runArgs.FindIndex(a => a.Key == variable.Key);
            if (index >= 0) runArgs[index] = new(variable.Key, variable.Value);
        }
        var next = new DispatchState { ConfigState = change.State, Scope = state.Scope.Apply(original), RunArgs = runArgs };
        return (ConfigStep(original, line, change.CreatedBy, next), next);
    }

    /// <summary>ARG declares build args in scope (RUN sees them and lists them in its history); the config is unchanged.</summary>
    private static (DispatchStep, DispatchState) Arg(Instruction original, ArgInstruction arg, int line, DispatchState state)
    {
        var scope = state.Scope.Apply(original);
        var runArgs = state.RunArgs.ToList();
        var parts = new List<string>();
        foreach (var declaration in arg.Arguments)
        {
            var resolved = scope.ArgNamed(declaration.Name)!;
            var index = runArgs.FindIndex(a => a.Key == declaration.Name);
            if (index >= 0) runArgs[index] = new(declaration.Name, resolved.Value);
            else runArgs.Add(new(declaration.Name, resolved.Value));
            parts.Add(resolved.Value is null ? declaration.Name : $"{declaration.Name}={resolved.Value}");
        }
        var next = state with { Scope = scope, RunArgs = runArgs };
        return (ConfigStep(original, line, "ARG " + string.Join(" ", parts), next), next);
    }

    private static (DispatchStep, DispatchState) Workdir(Instruction original, WorkdirInstruction workdir, int line, DispatchState state)
    {
        var config = state.ConfigState.Config;
        var path = ConfigInstructions.WorkingDirectory(config, workdir.Path);
        var next = state with { ConfigState = state.ConfigState with { Config = config with { WorkingDir = path } } };
        // The root always exists: BuildKit makes no layer for WORKDIR / (an empty-layer history entry, as for ENV).
        if (path == "/") return (ConfigStep(original, line, "WORKDIR /", next), next);
        return (new WorkdirStep
        {
            Line = line,
            Text = original.Original,
            CreatedBy = "WORKDIR " + path,
            Config = next.ConfigState.Config,
            Author = next.ConfigState.Author,
            Path = path,
        }, next);
    }

    private RunStep Run(PlannedStage stage, Instruction original, RunInstruction run, int line, DispatchState state)
    {
        var config = state.ConfigState.Config;
        var command = RunCommandBuilder.Build(run.Command, config.Shell, run.Heredocs);
        var environment = (config.Env ?? []).ToList();
        var shown = new List<string>();
        foreach (var (key, value) in state.RunArgs)
        {
            shown.Add($"{key}={value}");
            if (value is not null) ConfigInstructions.SetEntry(environment, key, value);
        }
        // Proxy build args reach every RUN, but neither its history nor (as build args) its listing.
        foreach (var proxy in state.Scope.ProxyVariables)
        {
            ConfigInstructions.SetEntry(environment, proxy.Key, proxy.Value);
        }
        if (run.Security == "insecure" && !allowInsecure)
        {
            throw new DockerfileException(plan.FileName, line,
                "RUN --security=insecure: entitlement security.insecure is not allowed (build with --allow security.insecure)");
        }
        var listed = shown.Count > 0 ? $"|{shown.Count} {string.Join(" ", shown)} " : "";
        return new RunStep
        {
            Line = line,
            Text = original.Original,
            CreatedBy = "RUN " + listed + string.Join(" ", command.Args) + " # buildkit",
            Config = config,
            Author = state.ConfigState.Author,
            Command = command,
            Environment = environment,
            Network = run.Network switch { "none" => NetworkMode.None, "host" => NetworkMode.Host, _ => defaultNetwork },
            Security = run.Security,
            SandboxKey = sandboxKey,
            Mounts = MountSpecs.Resolve([.. run.Mounts.Select(m => AtTarget(m, config.WorkingDir ?? "/", line))], config.WorkingDir ?? "/",
                from => Bind(stage, from)),
        };
    }

    /// <summary>
    /// dockerfile2llb's mount target: relative to the working directory, which is where a bind, cache or tmpfs mount
    /// without <c>target=</c> goes; one that resolves to <c>/</c> is refused.
    /// </summary>
    private RunMount AtTarget(RunMount mount, string workingDirectory, int line)
    {
        if (mount.Type is not (MountType.Bind or MountType.Cache or MountType.Tmpfs)) return mount;
        var written = mount.Target ?? "";
        var target = UnixPath.Clean(written.StartsWith('/') ? written : UnixPath.Join("/" + workingDirectory, written));
        if (target == "/") throw new DockerfileException(plan.FileName, line, "invalid mount target \"/\"");
        return written.Length == 0 ? mount with { Target = target } : mount;
    }

    private CopyStep Copy(PlannedStage stage, Instruction original, CopyInstruction copy, int line, DispatchState state)
    {
        var expanded = copy with { Heredocs = ExpandHeredocs(copy.Heredocs, state.Scope) };
        var request = CopyRequest.From(expanded, state.ConfigState.Config.WorkingDir ?? "/");
        var source = copy.From is null ? ContextRef.Instance : Bind(stage, copy.From);
        return CopyStep(original, line, state, request, source,
            CopyHistory("COPY", copy.Chown, copy.Chmod, copy.Sources, copy.Heredocs, copy.Destination));
    }

    private static CopyStep Add(Instruction original, AddInstruction add, int line, DispatchState state)
    {
        var request = CopyRequest.From(add with { Heredocs = ExpandHeredocs(add.Heredocs, state.Scope) }, state.ConfigState.Config.WorkingDir ?? "/");
        return CopyStep(original, line, state, request, ContextRef.Instance,
            CopyHistory("ADD", add.Chown, add.Chmod, add.Sources, add.Heredocs, add.Destination));
    }

    private static CopyStep CopyStep(Instruction original, int line, DispatchState state, CopyRequest request, SourceRef source, string createdBy) => new()
    {
        Line = line,
        Text = original.Original,
        CreatedBy = createdBy,
        Config = state.ConfigState.Config,
        Author = state.ConfigState.Author,
        Request = request,
        Source = source,
    };

    /// <summary>The named context a <c>--from</c> names, else the stage planning bound it to (by name or index), else the
    /// image it names.</summary>
    private SourceRef Bind(PlannedStage stage, string from)
    {
        if (NamedContext.Find(plan.NamedContexts, from) is { } context)
        {
            return context.Kind switch
            {
                NamedContextKind.Directory => new ContextRef(from, context.Value),
                NamedContextKind.Git => new GitContextRef(from, context.Value),
                _ => new ImageRef(context.Value, stage.Platform),
            };
        }
        var dependency = stage.Dependencies.FirstOrDefault(d => d.Reason is DependencyReason.CopyFrom or DependencyReason.RunMountFrom
            && (string.Equals(d.StageName, from, StringComparison.OrdinalIgnoreCase) || d.StageIndex.ToString(CultureInfo.InvariantCulture) == from
                || string.Equals(plan.Stages[d.StageIndex].Name, from, StringComparison.OrdinalIgnoreCase)));
        return dependency is null ? new ImageRef(from, stage.Platform) : new StageRef(dependency.StageIndex, from);
    }

    private static IReadOnlyList<Heredoc> ExpandHeredocs(IReadOnlyList<Heredoc> heredocs, StageScope scope) =>
        [.. heredocs.Select(h => h.Expand ? h with { Content = scope.ExpandHeredoc(h.Content) } : h)];

    private static string CopyHistory(string keyword, string? chown, string? chmod, IReadOnlyList<string> sources,
        IReadOnlyList<Heredoc> heredocs, string destination)
    {
        var parts = new List<string> { keyword };
        if (!string.IsNullOrEmpty(chown)) parts.Add("--chown=" + chown);
        if (!string.IsNullOrEmpty(chmod)) parts.Add("--chmod=" + chmod);
        parts.AddRange(sources.Select(s => heredocs.Count > 0 && ArgumentSplitter.IsHeredocWord(s) ? "<<" + CopyRequest.HeredocName(s) : s));
        parts.Add(destination);
        return string.Join(" ", parts) + " # buildkit";
    }
}
