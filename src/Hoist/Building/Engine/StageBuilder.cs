using System.Diagnostics;
using Hoist.Archives;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// Runs one stage's instructions on top of its base: config instructions change the config (history with
/// empty_layer), RUN runs in a container over an overlay snapshot, COPY/ADD and WORKDIR write layers directly.
/// </summary>
internal sealed class StageBuilder(BuildSession session, PlannedStage stage, StageImage baseImage, StageScope scope,
    IReadOnlyList<KeyValuePair<string, string?>> runArgs)
{
    private readonly string _fileName = session.Plan.FileName;
    private StageImage _image = baseImage;
    private StageScope _scope = scope;
    private readonly List<KeyValuePair<string, string?>> _runArgs = [.. runArgs];
    private bool _cmdSetHere;
    private readonly bool _mayUseCache = session.Cache.MayUse(stage.Name, stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    private Digest _filesystemKey;
    private Digest _chainKey;
    private bool _stepCached;

    public async Task<StageOutcome> BuildAsync(CancellationToken cancellationToken)
    {
        (_filesystemKey, _chainKey) = StartKeys();
        var steps = stage.InheritedTriggers.Select(t => (Instruction: t, Line: stage.From.Line))
            .Concat(stage.Instructions.Select(i => (Instruction: i, i.Line))).ToList();
        // ONBUILD triggers of a base image run first, as if written right after FROM.
        steps.InsertRange(0, session.ImageTriggers(stage.Index).Select(t => (t, stage.From.Line)));
        // BuildKit counts FROM as step 1 unless it is scratch, which has nothing to load.
        var offset = stage.BaseKind == StageBaseKind.Scratch ? 1 : 2;
        // Only instructions that change the filesystem are BuildKit steps; ENV, USER, CMD... change the config silently.
        var total = steps.Count(s => IsFilesystemStep(s.Instruction)) + offset - 1;
        var position = offset - 1;
        if (offset == 2)
        {
            // BuildKit names the image it resolved (variables expanded), not the Dockerfile text.
            var title = stage.BaseKind == StageBaseKind.Image ? "FROM " + stage.BaseName : stage.From.Original;
            var fromStep = session.NewStep(stage, 1, total, title, stage.From.Line);
            session.Events.StepStarted(fromStep);
            session.Events.StepCompleted(fromStep, TimeSpan.Zero);
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var (instruction, line) = steps[i];
            if (!IsFilesystemStep(instruction))
            {
                try
                {
                    await ApplyAsync(instruction, null, line, cancellationToken).ConfigureAwait(false);
                }
                catch (HoistException e) when (e is not DockerfileException)
                {
                    throw new DockerfileException(_fileName, line, e.Message);
                }
                continue;
            }
            var step = session.NewStep(stage, ++position, total, instruction.Original, line);
            var clock = Stopwatch.StartNew();
            session.Events.StepStarted(step);
            try
            {
                _stepCached = false;
                await ApplyAsync(instruction, step, line, cancellationToken).ConfigureAwait(false);
            }
            catch (BuildStepException e)
            {
                session.Events.StepFailed(step, clock.Elapsed, e.Cause);
                throw;
            }
            catch (HoistException e)
            {
                session.Events.StepFailed(step, clock.Elapsed, e.Message);
                throw new BuildStepException(step, _fileName, e.Message, [], e);
            }
            if (_stepCached) session.Events.StepCached(step);
            else session.Events.StepCompleted(step, clock.Elapsed);
        }
        session.Cache.SetStage(stage.Index, new StageKeys(_filesystemKey, _chainKey));
        return new StageOutcome(_image, _scope, _runArgs);
    }

    private static bool IsFilesystemStep(Instruction instruction) =>
        instruction is RunInstruction or CopyInstruction or AddInstruction or WorkdirInstruction;

    /// <summary>A stage on another stage continues its keys; on an image, its layers and config start them.</summary>
    private (Digest Filesystem, Digest Chain) StartKeys()
    {
        if (stage.BaseKind == StageBaseKind.Stage)
        {
            var parent = session.Cache.Stage(stage.BaseStageIndex!.Value);
            return (parent.Filesystem, parent.Chain);
        }
        // Created is left out: an image without history would otherwise get "now" and never hit.
        var config = StoredConfig.Create(_image.ToImageConfig() with { Created = null }).Digest;
        var filesystem = StepKeys.BaseImage(_image.Platform, _image.Layers, config);
        return (filesystem, StepKeys.StartChain(filesystem, config));
    }

    /// <summary>Config-only steps: the effect is always recomputed (it is cheap); a hit restores the history timestamp
    /// so that a fully cached build writes the very same config.</summary>
    private void CacheConfigStep(Instruction original, Instruction instruction, int historyBefore)
    {
        var added = _image.History.Count > historyBefore ? _image.History[^1] : null;
        var text = added?.CreatedBy ?? (instruction as OnbuildInstruction)?.TriggerText ?? "";
        _chainKey = StepKeys.Config(_chainKey, original.Original, text);
        if (added?.Created is not { } created) return;
        if (session.Cache.Lookup(_chainKey, _mayUseCache, stage.Index) is { } entry)
        {
            _image = _image with { History = [.. _image.History.SkipLast(1), added with { Created = entry.Created }] };
            _stepCached = true;
        }
        else
        {
            session.Cache.Record(new CacheEntry(_chainKey, created, null), stage.Index);
        }
    }

    /// <summary>A layer step whose key is known: on a hit the cached layer is added as is (nothing runs, nothing is
    /// unpacked or compressed) and true is returned.</summary>
    private bool TryCachedLayer(Digest? key, string createdBy)
    {
        if (key is not { } known || session.Cache.Lookup(known, _mayUseCache, stage.Index) is not { Layer: { } layer } entry) return false;
        var image = _image.WithLayer(layer, createdBy);
        _image = image with { History = [.. image.History.SkipLast(1), image.History[^1] with { Created = entry.Created }] };
        AdvanceKeys(known);
        _stepCached = true;
        return true;
    }

    /// <summary>After a layer step ran: records it under its key, or (uncacheable) keys what follows by its content.</summary>
    private void RecordLayer(Digest? key, ImageLayer layer)
    {
        if (key is { } known)
        {
            session.Cache.Record(new CacheEntry(known, _image.History[^1].Created ?? DateTimeOffset.UtcNow, layer), stage.Index);
            AdvanceKeys(known);
        }
        else
        {
            AdvanceKeys(StepKeys.Produced(_filesystemKey, layer.DiffId));
        }
    }

    private void AdvanceKeys(Digest step)
    {
        _filesystemKey = step;
        _chainKey = StepKeys.Chain(_chainKey, step);
    }

    private T Expand<T>(int line, Func<T> expand)
    {
        try
        {
            return expand();
        }
        catch (ExpansionException e)
        {
            throw new DockerfileException(_fileName, line, e.Message);
        }
    }

    private Instruction Expanded(Instruction instruction, int line) => instruction is IExpandable expandable
        ? Expand(line, () => expandable.Expand(_scope.ExpandWord, _scope.ExpandWords))
        : instruction;

    private IReadOnlyList<Dockerfile.Parsing.Heredoc> ExpandHeredocs(IReadOnlyList<Dockerfile.Parsing.Heredoc> heredocs, int line) =>
        [.. heredocs.Select(h => h.Expand ? h with { Content = Expand(line, () => _scope.ExpandHeredoc(h.Content)) } : h)];

    private ContainerConfig Config => _image.Config;

    private void SetConfig(ContainerConfig config, string createdBy) =>
        _image = (_image with { Config = config }).WithHistory(createdBy, emptyLayer: true);

    private async Task ApplyAsync(Instruction original, BuildStep? step, int line, CancellationToken cancellationToken)
    {
        var instruction = Expanded(original, line);
        var historyBefore = _image.History.Count;
        switch (instruction)
        {
            case EnvInstruction env:
                var variables = ((EnvInstruction)instruction).Variables;
                _scope = Expand(line, () => _scope.Apply(original));
                var environment = (Config.Env ?? []).ToList();
                foreach (var variable in variables)
                {
                    SetEntry(environment, variable.Key, variable.Value);
                    var arg = _runArgs.FindIndex(a => a.Key == variable.Key);
                    if (arg >= 0) _runArgs[arg] = new(variable.Key, variable.Value);
                }
                SetConfig(Config with { Env = environment }, "ENV " + string.Join(" ", variables.Select(v => $"{v.Key}={v.Value}")));
                break;
            case ArgInstruction arg:
                _scope = Expand(line, () => _scope.Apply(original));
                var parts = new List<string>();
                foreach (var declaration in arg.Arguments)
                {
                    var resolved = _scope.Args.First(a => a.Name == declaration.Name);
                    var index = _runArgs.FindIndex(a => a.Key == declaration.Name);
                    if (index >= 0) _runArgs[index] = new(declaration.Name, resolved.Value);
                    else _runArgs.Add(new(declaration.Name, resolved.Value));
                    parts.Add(resolved.Value is null ? declaration.Name : $"{declaration.Name}={resolved.Value}");
                }
                _image = _image.WithHistory("ARG " + string.Join(" ", parts), emptyLayer: true);
                break;
            case LabelInstruction label:
                var labels = new Dictionary<string, string>(Config.Labels ?? new Dictionary<string, string>());
                foreach (var pair in label.Labels) labels[pair.Key] = pair.Value;
                SetConfig(Config with { Labels = labels }, "LABEL " + string.Join(" ", label.Labels.Select(l => $"{l.Key}={l.Value}")));
                break;
            case ExposeInstruction expose:
                var ports = expose.Ports.SelectMany(NormalizePorts).ToList();
                var exposed = (Config.ExposedPorts ?? []).Concat(ports).Distinct().Order(StringComparer.Ordinal).ToList();
                SetConfig(Config with { ExposedPorts = exposed }, "EXPOSE " + HistoryText.PlainList(ports));
                break;
            case VolumeInstruction volume:
                var volumes = (Config.Volumes ?? []).Concat(volume.Volumes).Distinct().Order(StringComparer.Ordinal).ToList();
                SetConfig(Config with { Volumes = volumes }, "VOLUME " + HistoryText.PlainList(volume.Volumes));
                break;
            case StopsignalInstruction signal:
                SetConfig(Config with { StopSignal = signal.Signal }, "STOPSIGNAL " + signal.Signal);
                break;
            case UserInstruction user:
                SetConfig(Config with { User = user.User }, "USER " + user.User);
                break;
            case MaintainerInstruction maintainer:
                _image = (_image with { Author = maintainer.Maintainer }).WithHistory("MAINTAINER " + maintainer.Maintainer, emptyLayer: true);
                break;
            case ShellInstruction shell:
                SetConfig(Config with { Shell = shell.Shell }, "SHELL " + HistoryText.PlainList(shell.Shell));
                break;
            case CmdInstruction cmd:
                var cmdArgs = Command(cmd.Command);
                _cmdSetHere = true;
                // BuildKit sets ArgsEscaped on every CMD, exec form included, and it stays for the stages built on it.
                SetConfig(Config with { Cmd = cmdArgs.Count == 0 ? null : cmdArgs, ArgsEscaped = true },
                    "CMD " + HistoryText.QuotedList(cmdArgs));
                break;
            case EntrypointInstruction entrypoint:
                var entryArgs = Command(entrypoint.Command);
                SetConfig(Config with
                {
                    Entrypoint = entryArgs.Count == 0 ? null : entryArgs,
                    Cmd = _cmdSetHere ? Config.Cmd : null,
                    ArgsEscaped = Config.ArgsEscaped || entrypoint.Command.IsShellForm,
                }, "ENTRYPOINT " + HistoryText.QuotedList(entryArgs));
                break;
            case HealthcheckInstruction health:
                var check = health.Test is ["NONE"]
                    ? new HealthConfig { Test = ["NONE"] }
                    : new HealthConfig
                    {
                        Test = health.Test,
                        Interval = Nanoseconds(health.Interval),
                        Timeout = Nanoseconds(health.Timeout),
                        StartPeriod = Nanoseconds(health.StartPeriod),
                        StartInterval = Nanoseconds(health.StartInterval),
                        Retries = health.Retries ?? 0,
                    };
                SetConfig(Config with { Healthcheck = check }, HistoryText.Healthcheck(health));
                break;
            case OnbuildInstruction onbuild:
                _image = _image with { Config = Config with { OnBuild = [.. Config.OnBuild ?? [], onbuild.TriggerText] } };
                break;
            case WorkdirInstruction workdir:
                await WorkdirAsync(workdir, cancellationToken).ConfigureAwait(false);
                break;
            case RunInstruction run:
                await RunAsync(run, step!, cancellationToken).ConfigureAwait(false);
                break;
            case CopyInstruction copy:
                await CopyAsync(CopyRequest.From(copy with { Heredocs = ExpandHeredocs(copy.Heredocs, line) }, Config.WorkingDir ?? "/"), copy.From, CopyHistory("COPY", copy.Chown, copy.Chmod, copy.Sources, copy.Heredocs, copy.Destination), cancellationToken).ConfigureAwait(false);
                break;
            case AddInstruction add:
                await CopyAsync(CopyRequest.From(add with { Heredocs = ExpandHeredocs(add.Heredocs, line) }, Config.WorkingDir ?? "/"), null, CopyHistory("ADD", add.Chown, add.Chmod, add.Sources, add.Heredocs, add.Destination), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new DockerfileException(_fileName, line, $"{instruction.GetType().Name} is not supported in a build stage");
        }
        if (instruction is not (WorkdirInstruction or RunInstruction or CopyInstruction or AddInstruction))
        {
            CacheConfigStep(original, instruction, historyBefore);
        }
    }

    private static long Nanoseconds(TimeSpan? span) => (span?.Ticks ?? 0) * 100;

    private IReadOnlyList<string> Command(CommandLine command) =>
        command.IsShellForm ? [.. Config.Shell ?? RunCommandBuilder.DefaultShell, .. command.Args] : command.Args;

    private static void SetEntry(List<string> environment, string key, string value)
    {
        var index = environment.FindIndex(e => e.StartsWith(key + "=", StringComparison.Ordinal) || e == key);
        if (index >= 0) environment[index] = $"{key}={value}";
        else environment.Add($"{key}={value}");
    }

    /// <summary><c>80</c> → <c>80/tcp</c>, <c>53/UDP</c> → <c>53/udp</c>, <c>8080-8082</c> → three ports.</summary>
    private static IEnumerable<string> NormalizePorts(string word)
    {
        var slash = word.IndexOf('/');
        var ports = slash < 0 ? word : word[..slash];
        var protocol = slash < 0 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
        var dash = ports.IndexOf('-');
        if (dash > 0 && int.TryParse(ports[..dash], out var first) && int.TryParse(ports[(dash + 1)..], out var last) && last >= first)
        {
            return Enumerable.Range(first, last - first + 1).Select(p => $"{p}/{protocol}");
        }
        if (!int.TryParse(ports, out _)) throw new HoistException($"invalid containerPort: {ports}");
        return [$"{ports}/{protocol}"];
    }

    private static string CopyHistory(string keyword, string? chown, string? chmod, IReadOnlyList<string> sources,
        IReadOnlyList<Dockerfile.Parsing.Heredoc> heredocs, string destination)
    {
        var parts = new List<string> { keyword };
        if (!string.IsNullOrEmpty(chown)) parts.Add("--chown=" + chown);
        if (!string.IsNullOrEmpty(chmod)) parts.Add("--chmod=" + chmod);
        parts.AddRange(sources.Select(s => heredocs.Count > 0 && ArgumentSplitter.IsHeredocWord(s) ? "<<" + CopyPlanner.HeredocName(s) : s));
        parts.Add(destination);
        return string.Join(" ", parts) + " # buildkit";
    }

    private async Task WorkdirAsync(WorkdirInstruction workdir, CancellationToken cancellationToken)
    {
        var path = UnixPath.Clean(workdir.Path.StartsWith('/') ? workdir.Path : UnixPath.Join(Config.WorkingDir ?? "/", workdir.Path));
        var key = StepKeys.Workdir(_filesystemKey, path, Config.User);
        _image = _image with { Config = Config with { WorkingDir = path } };
        if (TryCachedLayer(key, "WORKDIR " + path)) return;
        var items = new List<LayerItem>();
        await using (var view = await session.Layers.OpenViewAsync(_image.Layers, cancellationToken).ConfigureAwait(false))
        {
            var owner = ResolvedUser.Root;
            if (!string.IsNullOrEmpty(Config.User)) owner = UserResolver.Resolve(view.Path, Config.User);
            var current = "";
            foreach (var component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = current.Length == 0 ? component : current + "/" + component;
                var resolved = RootfsPath.Resolve(view.Path, current);
                if (Directory.Exists(resolved)) continue;
                items.Add(new LayerItem(new TarEntry
                {
                    Name = current, Type = TarEntryType.Directory, Mode = 0b111_101_101, Uid = owner.Uid, Gid = owner.Gid,
                    ModificationTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                }));
            }
        }
        var layer = await session.WriteLayerAsync(items, cancellationToken).ConfigureAwait(false);
        _image = _image.WithLayer(layer, "WORKDIR " + path);
        RecordLayer(key, layer);
    }

    private async Task RunAsync(RunInstruction run, BuildStep step, CancellationToken cancellationToken)
    {
        var command = RunCommandBuilder.Build(run.Command, Config.Shell, run.Heredocs);
        var network = run.Network switch
        {
            "none" => NetworkMode.None,
            "host" => NetworkMode.Host,
            _ => session.Options.Network,
        };
        var security = run.Security == "insecure" ? SecurityMode.Insecure : SecurityMode.Sandbox;
        if (security == SecurityMode.Insecure && !session.Options.AllowInsecure)
        {
            // BuildKit refuses the entitlement before running (or finding in the cache) anything.
            throw new HoistException("RUN --security=insecure: entitlement security.insecure is not allowed (build with --allow security.insecure)");
        }
        var environment = (Config.Env ?? []).ToList();
        var shown = new List<string>();
        foreach (var (key, value) in _runArgs)
        {
            shown.Add($"{key}={value}");
            if (value is not null) SetEntry(environment, key, value);
        }
        foreach (var proxy in _scope.ProxyVariables)
        {
            if (!_runArgs.Exists(a => a.Key == proxy.Key)) SetEntry(environment, proxy.Key, proxy.Value);
        }
        var createdBy = "RUN " + (shown.Count > 0 ? $"|{shown.Count} {string.Join(" ", shown)} " : "") + string.Join(" ", command.Args) + " # buildkit";
        var runKey = StepKeys.Run(_filesystemKey, new RunKeyInputs
        {
            Args = command.Args,
            Files = [.. command.Files.Select(f => $"{f.ContainerPath} {(int)f.Mode} {f.Content}")],
            Environment = environment,
            WorkingDirectory = Config.WorkingDir ?? "/",
            User = Config.User,
            Network = network.ToString(),
            Security = run.Security,
            Mounts = await MountKeysAsync(run.Mounts, Config.WorkingDir ?? "/", cancellationToken).ConfigureAwait(false),
        });
        if (TryCachedLayer(runKey, createdBy)) return;

        await using var mounts = await RunMountSet.PrepareAsync(session, stage, run.Mounts, Config.WorkingDir ?? "/", cancellationToken)
            .ConfigureAwait(false);
        foreach (var variable in mounts.Env)
        {
            var equals = variable.IndexOf('=');
            SetEntry(environment, variable[..equals], variable[(equals + 1)..]);
        }
        await using var snapshot = await session.Layers.PrepareAsync(_image.Layers, cancellationToken).ConfigureAwait(false);
        ContainerResult result;
        try
        {
            result = await session.Runtime.RunAsync(new ContainerRunRequest
            {
                RootPath = snapshot.RootPath,
                Args = command.Args,
                Env = environment,
                WorkingDirectory = Config.WorkingDir ?? "/",
                User = Config.User,
                Network = network,
                Security = security,
                Files = command.Files,
                Mounts = mounts.Mounts,
            }, line => session.Events.StepOutput(step, line.Text), cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e is not BuildStepException)
        {
            throw new BuildStepException(step, _fileName,
                $"process \"{string.Join(" ", command.Args)}\" did not complete successfully: {e.Message}", [], e);
        }
        if (!result.Succeeded)
        {
            throw new BuildStepException(step, _fileName,
                $"process \"{string.Join(" ", command.Args)}\" did not complete successfully: exit code: {result.ExitCode}", result.LastLines);
        }
        await snapshot.UnmountAsync().ConfigureAwait(false);
        var layer = await session.WriteLayerAsync(snapshot.Changes(), cancellationToken).ConfigureAwait(false);
        await snapshot.KeepAsync(session.Layers.Snapshots, layer.DiffId, cancellationToken).ConfigureAwait(false);
        _image = _image.WithLayer(layer, createdBy);
        RecordLayer(runKey, layer);
    }

    private async Task CopyAsync(CopyRequest request, string? from, string createdBy, CancellationToken cancellationToken)
    {
        var key = await CopyKeyAsync(request, from, cancellationToken).ConfigureAwait(false);
        if (TryCachedLayer(key, createdBy)) return;
        RootView? sourceView = null;
        try
        {
            ICopySource? source;
            string? sourceRoot;
            if (from is null)
            {
                source = session.Context;
                sourceRoot = session.Context?.Directory;
            }
            else
            {
                var layers = await session.CopySourceLayersAsync(stage, from, cancellationToken).ConfigureAwait(false);
                sourceView = await session.Layers.OpenViewAsync(layers, cancellationToken).ConfigureAwait(false);
                source = new StageRootSource(sourceView.Path, from);
                sourceRoot = sourceView.Path;
            }
            await using var destination = await session.Layers.OpenViewAsync(_image.Layers, cancellationToken).ConfigureAwait(false);
            bool IsDirectory(string path) => Directory.Exists(RootfsPath.Resolve(destination.Path, path.TrimStart('/')));
            var users = new PasswdDatabase(ReadText(destination.Path, "etc/passwd"), ReadText(destination.Path, "etc/group"));
            var plan = new CopyPlanner(source, new CopyDestination { IsDirectory = IsDirectory, Users = users }).Plan(request);
            plan = new CopyPlan([.. plan.Operations.Select(o => o with { Destination = ThroughSymlinks(destination.Path, o.Destination) })]);
            var scratch = session.Scratch.NewDirectory("copy-");
            try
            {
                plan = await UrlDownloader.FetchAsync(plan, scratch, cancellationToken).ConfigureAwait(false);
                var items = new CopyLayerItems(sourceRoot, IsDirectory, scratch).Convert(plan);
                var layer = await session.WriteLayerAsync(items, cancellationToken).ConfigureAwait(false);
                _image = _image.WithLayer(layer, createdBy);
                RecordLayer(key, layer);
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
        finally
        {
            if (sourceView is not null) await sourceView.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The destination with its parent directories resolved in the stage's filesystem, so a COPY to /link/a.txt where
    /// /link → /real writes real/a.txt into the layer, as BuildKit does (the last component is never followed).
    /// </summary>
    private static string ThroughSymlinks(string root, string destination)
    {
        var trimmed = destination.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (slash <= 0) return destination;
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        var parent = RootfsPath.Resolve(fullRoot, trimmed[..slash]);
        var relative = parent.Length > fullRoot.Length ? parent[(fullRoot.Length + 1)..] : "";
        return "/" + (relative.Length > 0 ? relative + "/" : "") + trimmed[(slash + 1)..];
    }

    /// <summary>
    /// A COPY/ADD key without touching the destination: from the context, the content of the selected files; from a
    /// stage, that stage's filesystem key (so a cached stage is never unpacked); from an image, its manifest digest.
    /// </summary>
    private async Task<Digest?> CopyKeyAsync(CopyRequest request, string? from, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            var content = await CopySourceDigest.ComputeAsync(session.Context, session.Context?.Directory, request,
                session.Cache.FileHashes, cancellationToken).ConfigureAwait(false);
            return content is null ? null : StepKeys.Copy(_filesystemKey, request, "context", content);
        }
        return StepKeys.Copy(_filesystemKey, request, await SourceIdentityAsync(from, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>What a <c>--from</c> reads, as a key input: a stage's filesystem key or an image's manifest digest.</summary>
    private async Task<string> SourceIdentityAsync(string from, CancellationToken cancellationToken)
    {
        if (session.CopyFromStage(stage, from) is { } dependency)
        {
            await session.StageResult(dependency.StageIndex).ConfigureAwait(false);
            return "stage " + session.Cache.Stage(dependency.StageIndex).Filesystem;
        }
        var image = await session.ResolveImageAsync(from, stage.Platform, cancellationToken).ConfigureAwait(false);
        return "image " + image.Manifest.Digest;
    }

    /// <summary>
    /// The RUN key inputs of its mounts: every option, and for bind mounts (and cache mounts seeded <c>from</c>) what
    /// they expose — a stage's key, an image's digest, or the content of the selected context files. Cache mount
    /// contents, secret values and ssh sockets never count, as in BuildKit.
    /// </summary>
    private async Task<IReadOnlyList<string>> MountKeysAsync(IReadOnlyList<RunMount> mounts, string workingDirectory,
        CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var mount in mounts)
        {
            var text = string.Join(" ", $"type={mount.Type}", $"target={mount.Target}", $"source={mount.Source}", $"from={mount.From}",
                $"rw={mount.ReadWrite}", $"id={mount.Id}", $"sharing={mount.Sharing}", $"mode={mount.Mode}", $"uid={mount.Uid}",
                $"gid={mount.Gid}", $"required={mount.Required}", $"size={mount.Size}", $"env={mount.Env}", $"workdir={workingDirectory}");
            string? exposed = null;
            if (mount.Type == MountType.Bind && string.IsNullOrEmpty(mount.From))
            {
                var request = new CopyRequest { Sources = [string.IsNullOrEmpty(mount.Source) ? "." : mount.Source], Destination = "/mount/" };
                var content = await CopySourceDigest.ComputeAsync(session.Context, session.Context?.Directory, request,
                    session.Cache.FileHashes, cancellationToken).ConfigureAwait(false);
                // No key means the mount cannot be read; a unique input makes the step run and report why.
                exposed = content?.ToString() ?? "unkeyed " + Guid.NewGuid();
            }
            else if (mount.Type is MountType.Bind or MountType.Cache && !string.IsNullOrEmpty(mount.From))
            {
                exposed = await SourceIdentityAsync(mount.From, cancellationToken).ConfigureAwait(false);
            }
            keys.Add(exposed is null ? text : text + " content=" + exposed);
        }
        return keys;
    }

    private static string? ReadText(string root, string path)
    {
        var resolved = RootfsPath.Resolve(root, path);
        return File.Exists(resolved) ? File.ReadAllText(resolved) : null;
    }
}
