using System.CommandLine;
using System.Globalization;
using Hoist.Building.Cache;
using Hoist.Building.Engine;
using Hoist.Dockerfile;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Posix;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary><c>hoist build [OPTIONS] CONTEXT</c>: plans the Dockerfile, builds the needed stages, stores and names the image.</summary>
public static class BuildCommand
{
    public static Command Create()
    {
        var file = DockerfileInput.CreateFileOption();
        var context = DockerfileInput.CreateContextArgument(
            "Build context: a directory, or a URL: a git repository, a tar archive (plain, gzip, bzip2, xz, zstd) or a Dockerfile");
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name the image (name:tag); repeatable" };
        var target = new Option<string[]>("--target")
        {
            Description = "Stage to build (default: the last one); repeatable: the targets are built in order, shared stages once, "
                + "and -t, -o and the ID name the last one",
        };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Build argument NAME=VALUE (or NAME from the environment); repeatable" };
        var buildContexts = new Option<string[]>("--build-context")
        {
            Description = "Named context NAME=DIR|docker-image://REF|oci-layout://PATH[:TAG][@sha256:DIGEST]|GIT-URL[#REF[:SUBDIR]] for FROM NAME and --from=NAME; repeatable",
        };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the build cache" };
        var pull = new Option<bool>("--pull") { Description = "Always check the registry for the images the build uses (the store's copy is kept when its digest matches)" };
        var noCacheFilter = new Option<string[]>("--no-cache-filter") { Description = "Do not use the build cache for these stages (STAGE[,STAGE]); repeatable" };
        var network = new Option<string>("--network")
        {
            Description = "Network for RUN: default (a private namespace with outbound access through pasta or slirp4netns; the host's "
                + "loopback is not reachable), host or none",
            DefaultValueFactory = _ => "default",
        };
        network.AcceptOnlyFromAmong("default", "host", "none");
        var pidsLimit = new Option<long>("--pids-limit")
        {
            Description = $"Most processes and threads one RUN may hold (default {RuncRuntimeOptions.DefaultPidsLimit}; -1 for no limit)",
            DefaultValueFactory = _ => RuncRuntimeOptions.DefaultPidsLimit,
        };
        var allow = new Option<string[]>("--allow") { Description = "Grant an entitlement: security.insecure (for RUN --security=insecure); repeatable" };
        var platform = new Option<string?>("--platform")
        {
            Description = "Target platforms os/arch[/variant], comma-separated (default: this machine's); several build an image index, "
                + "other platforms' RUN steps run through QEMU emulation",
        };
        var labels = new Option<string[]>("--label") { Description = "Set a label on the image (KEY=VALUE); repeatable" };
        var progress = new Option<string>("--progress")
        {
            Description = "Progress output: auto (tty on a terminal, else plain), plain, tty, quiet or rawjson (JSON lines, docs/progress.md)",
            DefaultValueFactory = _ => "auto",
        };
        progress.AcceptOnlyFromAmong("auto", "plain", "tty", "quiet", "rawjson");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the image ID" };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image ID to this file" };
        var trace = new Option<string?>("--trace")
        {
            Description = "Write where the build's time went (steps and their phases) to FILE in the Chrome trace event format",
            HelpName = "FILE",
        };
        var metadataFile = new Option<string?>("--metadata-file") { Description = "Write the build result as JSON (buildx's keys: containerimage.digest, containerimage.config.digest, containerimage.descriptor, image.name, buildx.build.provenance, buildx.build.ref)" };
        var annotation = new Option<string[]>("--annotation")
        {
            Description = "Add an annotation to the image: [TYPE[PLATFORM]:]KEY=VALUE, TYPE manifest (default), manifest-descriptor (an oci output's index.json entry of a single platform), index or index-descriptor (a multi-platform index, its index.json entry), PLATFORM such as [linux/arm64] for one platform's; repeatable",
        };
        var load = new Option<bool>("--load") { Description = "Accepted: the image is always in the store (docker buildx build --load)" };
        var jobs = new Option<int>("--jobs") { Description = "Stages built at once (default: twice the number of cores)", DefaultValueFactory = _ => BuildOptions.DefaultJobs };
        var runtime = new Option<string>("--runtime") { Description = "OCI runtime binary", DefaultValueFactory = _ => "runc" };
        var secrets = new Option<string[]>("--secret") { Description = "Secret for RUN --mount=type=secret: id=ID,src=PATH or id=ID,env=VAR; repeatable" };
        var ssh = new Option<string[]>("--ssh") { Description = "SSH agent for RUN --mount=type=ssh: default (uses $SSH_AUTH_SOCK) or ID=SOCKET; repeatable" };
        var outputs = new Option<string[]>("--output", "-o")
        {
            Description = "Output as docker buildx: type=image[,name=N][,push=true], type=registry, type=local,dest=DIR, type=tar,dest=FILE, "
                + "type=oci,dest=FILE[,tar=false], type=docker,dest=FILE; DIR alone is local, - is a tar on stdout; image formats take "
                + "compression=gzip|zstd|uncompressed, compression-level=N, force-compression=true, oci-mediatypes=true|false, annotation[-TYPE][[PLATFORM]].KEY=VALUE; repeatable",
            HelpName = "SPEC",
        };
        var push = new Option<bool>("--push") { Description = "Push every -t name to its registry after the build (type=registry)" };
        var cacheTo = new Option<string[]>("--cache-to")
        {
            Description = "Export the build cache: type=registry,ref=HOST/REPO:TAG or type=local,dest=DIR, [,mode=min|max][,mounts=true] (docs/cache.md); repeatable",
            HelpName = "SPEC",
        };
        var cacheFrom = new Option<string[]>("--cache-from")
        {
            Description = "Import build cache: type=registry,ref=HOST/REPO:TAG or type=local,src=DIR (a missing one only warns); repeatable",
            HelpName = "SPEC",
        };
        var sourceDateEpoch = SourceDateEpochOption.Create();
        var command = new Command("build", "Build an image from a Dockerfile")
        {
            sourceDateEpoch, file, tags, target, buildArgs, buildContexts, noCache, pull, noCacheFilter, cacheTo, cacheFrom, network, pidsLimit, allow, platform, labels, progress, quiet, iidFile, trace, metadataFile, annotation, load, jobs, runtime, secrets, ssh, outputs, push, context,
        };
        RegistryOptions.AddTo(command);
        BuildCalls.AddTo(command);
        var attestations = AttestationOptions.AddTo(command);
        var sandbox = RunSandboxFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var contextArgument = parse.GetValue(context) ?? ".";
            using var remoteContext = RemoteBuildContext.IsUrl(contextArgument) ? await RemoteBuildContext.FetchAsync(contextArgument, cancellationToken) : null;
            var contextDirectory = remoteContext?.Directory ?? contextArgument;
            var snippetFile = RemoteDockerfile.IsUrl(parse.GetValue(file)) ? null : DockerfileInput.ResolvePath(parse.GetValue(file), contextDirectory, remoteContext);
            try
            {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var remoteDockerfile = await RemoteDockerfile.FetchIfUrlAsync(parse.GetValue(file), cancellationToken);
            var dockerfile = remoteDockerfile?.Path ?? snippetFile!;
            var platforms = parse.GetValue(platform) is { Length: > 0 } requested ? Platform.ParseList(requested) : [];
            var targets = (parse.GetValue(target) ?? []).Distinct(StringComparer.Ordinal).ToList();
            if (targets.Count > 1 && dockerfile == "-") throw new HoistException("several --target values need a Dockerfile file: standard input is read only once");
            var planOptions = SourceDateEpochOption.Apply(
                new PlanOptions
                {
                    Target = targets.LastOrDefault(), BuildArgs = parse.GetValue(buildArgs) ?? [], TargetPlatform = platforms.FirstOrDefault(),
                    NamedContexts = NamedContexts(parse.GetValue(buildContexts) ?? []),
                },
                parse.GetValue(sourceDateEpoch)!, contextDirectory);
            if (await BuildCalls.RunAsync(parse, dockerfile, contextDirectory, planOptions, cancellationToken) is { } callExitCode) return callExitCode;
            var jobCount = parse.GetValue(jobs);
            var pids = parse.GetValue(pidsLimit);
            if (pids is 0 or < -1) throw new HoistException($"--pids-limit must be positive, or -1 for no limit (got {pids})");
            var entitlements = (parse.GetValue(allow) ?? []).SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            foreach (var entitlement in entitlements.Where(e => e != "security.insecure"))
            {
                throw new HoistException($"--allow: unknown entitlement \"{entitlement}\" (supported: security.insecure)");
            }
            var sandboxOptions = RunSandboxFlags.Read(parse, sandbox, NetworkOption(parse.GetValue(network)));
            if (jobCount < 1) throw new HoistException($"--jobs must be at least 1 (got {jobCount})");
            var plan = BuildOutputPlan.Create(parse.GetValue(outputs) ?? [], parse.GetValue(push), parse.GetValue(tags) ?? [],
                standardOutputIsTerminal: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
            var exportFormat = ImageExportFlags.Read(plan.Outputs, parse.GetValue(annotation) ?? [], platforms);
            if (plan.WritesStandardOutput && parse.GetValue(quiet)) throw new HoistException("-q prints the image ID on standard output: it cannot be used with an output to standard output");
            var cacheExports = (parse.GetValue(cacheTo) ?? []).Select(t => RemoteCacheSpec.Parse(t, "--cache-to", export: true)).ToList();
            var cacheImports = (parse.GetValue(cacheFrom) ?? []).Select(t => RemoteCacheSpec.Parse(t, "--cache-from", export: false)).ToList();
            var store = GlobalOptions.OpenStore(parse);
            var listWarnings = !parse.GetValue(quiet) && parse.GetValue(progress) is not ("quiet" or "rawjson");
            // Checked before planning: a Dockerfile error comes after the warnings found before it, as in BuildKit.
            var checks = await BuildChecks.BeforeBuildAsync(dockerfile, contextDirectory, planOptions, store, listWarnings ? error : TextWriter.Null, cancellationToken,
                pull: parse.GetValue(pull), readsIgnoreFile: remoteContext is null);
            var platformPlans = DockerfileInput.PlanEach(dockerfile, planOptions, platforms, checks.File);
            var buildPlan = platformPlans.Count > 0 ? platformPlans[0] : checks.Plan ?? DockerfileInput.Plan(dockerfile, planOptions);
            var fileName = buildPlan.FileName;
            if (listWarnings && buildPlan.SyntaxNote is { } syntaxNote) error.WriteLine(syntaxNote);
            using var events = CreateProgress(parse.GetValue(quiet) ? "quiet" : parse.GetValue(progress)!, error);
            var tracePath = parse.GetValue(trace);
            if (tracePath is not null) events.Trace = new ChromeTrace();
            events.LogRoot = StepLogs.UnderStateRoot(store.Root);
            events.DockerfileText = dockerfile == "-" ? null : checks.File?.Text ?? ReadIfPresent(dockerfile);
            using var registry = RegistryOptions.CreateClient(parse);
            var request = new BuildRequest
            {
                Build = new BuildOptions
                {
                    Plan = buildPlan,
                    ReportSplit = true,
                    PlatformPlans = platformPlans,
                    ContextDirectory = Directory.Exists(contextDirectory) ? contextDirectory : null,
                    DockerfilePath = dockerfile == "-" || remoteDockerfile is not null || remoteContext is not null ? null : dockerfile,
                    ContextUrl = remoteContext?.Url,
                    Tags = plan.StoreNames,
                    Labels = [.. (parse.GetValue(labels) ?? []).Select(ParseLabel)],
                    Network = NetworkOption(parse.GetValue(network)),
                    Sandbox = sandboxOptions,
                    Format = exportFormat,
                    PidsLimit = pids == -1 ? null : pids,
                    AllowInsecure = entitlements.Contains("security.insecure"),
                    Jobs = jobCount,
                    RewriteTimestamps = plan.RewriteTimestamps,
                    Secrets = [.. (parse.GetValue(secrets) ?? []).Select(BuildSecret.Parse)],
                    SshAgents = [.. (parse.GetValue(ssh) ?? []).Select(SshAgentSocket.Parse)],
                },
                RuntimePath = parse.GetValue(runtime)!,
                NoCache = parse.GetValue(noCache),
                Pull = parse.GetValue(pull),
                NoCacheStages = [.. (parse.GetValue(noCacheFilter) ?? []).SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                CacheImports = cacheImports,
                CacheExports = cacheExports,
                Outputs = plan.Files,
                Pushes = plan.Pushes,
                ImageIdFile = parse.GetValue(iidFile),
                Attestations = AttestationOptions.Read(parse, attestations),
            };
            try
            {
                var build = new ImageBuild(store, registry, events);
                if (targets.Count > 1)
                {
                    request = await SeveralTargets.BuildFirstAsync(build, request, targets[..^1], name =>
                    {
                        var options = planOptions with { Target = name };
                        var plans = DockerfileInput.PlanEach(dockerfile, options, platforms);
                        return (plans.Count > 0 ? plans[0] : DockerfileInput.Plan(dockerfile, options), plans);
                    }, events, cancellationToken);
                }
                var result = await build.RunAsync(request, Console.OpenStandardOutput, cancellationToken);
                if (parse.GetValue(metadataFile) is { Length: > 0 } metadata)
                {
                    await BuildMetadataFile.WriteAsync(metadata, store, result, request.Build, checks, fileName, dockerfile,
                        request.Outputs.Any(o => o.Output.Type is Formats.BuildOutputType.Oci or Formats.BuildOutputType.Docker), cancellationToken);
                }
                events.BuildSucceeded(result);
                if (listWarnings) await checks.WriteWarningsAsync(error, cancellationToken);
                if (parse.GetValue(quiet)) output.WriteLine(result.ImageId.ToString());
                return 0;
            }
            catch (BuildStepException e)
            {
                events.BuildFailed(e, fileName);
                if (listWarnings) await checks.WriteWarningsAsync(error, cancellationToken);
                return 1;
            }
            finally
            {
                if (tracePath is not null) events.Trace!.Write(tracePath);
            }
            }
            catch (DockerfileException e)
            {
                if (snippetFile is not null) WriteSnippet(parse.InvocationConfiguration.Error, snippetFile, e);
                throw;
            }
        });
        return command;
    }

    /// <summary>BuildKit's snippet above a Dockerfile error (the error line itself follows, from the caller).</summary>
    private static void WriteSnippet(TextWriter error, string dockerfile, DockerfileException e)
    {
        if (e.Line <= 0 || dockerfile == "-" || ReadIfPresent(dockerfile) is not { } text) return;
        SourceSnippet.Write(error, e.File, text, e.Line, e.Line);
    }

    private static string? ReadIfPresent(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><c>--build-context</c> values by name; a name given twice or a directory that is not there is an error.</summary>
    internal static Dictionary<string, NamedContext> NamedContexts(IReadOnlyList<string> specs)
    {
        var contexts = new Dictionary<string, NamedContext>(StringComparer.Ordinal);
        foreach (var context in specs.Select(spec => NamedContext.Parse(spec, Directory.GetCurrentDirectory())))
        {
            if (!contexts.TryAdd(context.Name, context)) throw new HoistException($"--build-context: \"{context.Name}\" is given twice");
            if (context.Kind == NamedContextKind.Directory && !Directory.Exists(context.Value))
                throw new HoistException($"--build-context {context.Name}: directory {context.Value} not found");
        }
        return contexts;
    }

    /// <summary><c>--network</c> as docker build reads it: <c>default</c> is the sandbox network.</summary>
    internal static NetworkMode NetworkOption(string? value) => value switch
    {
        "host" => NetworkMode.Host,
        "none" => NetworkMode.None,
        _ => NetworkMode.Sandbox,
    };

    private static BuildProgress CreateProgress(string mode, TextWriter error)
    {
        if (mode == "auto")
        {
            var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
                && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or null or "");
            mode = terminal ? "tty" : "plain";
        }
        BuildProgress progress = mode switch
        {
            "tty" => new TtyProgress(error, TerminalWidth()),
            "rawjson" => new RawJsonProgress(error),
            "quiet" => new PlainProgress(error, quiet: true),
            _ => new PlainProgress(error, quiet: false),
        };
        // Warnings go to standard error whatever the progress mode, as docker's do.
        progress.Warnings = error;
        return progress;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.IsErrorRedirected ? 120 : Math.Max(40, Console.WindowWidth);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 120;
        }
    }

    private static KeyValuePair<string, string> ParseLabel(string text)
    {
        var (key, value) = SpecFields.ParseField(text);
        return value is null || key.Length == 0 ? new(text, "") : new(key, value);
    }

    /// <summary>Says which epoch made the image reproducible, or that none did and how to give one.</summary>
    private static void WriteEpoch(TextWriter writer, BuildResult result)
    {
        if (result.SourceDateEpoch is not { } epoch)
        {
            writer.WriteLine("epoch    none: the image is not reproducible (created times and file mtimes are the wall clock); "
                + "build from a git checkout or pass --build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) (docs/reproducible.md)");
            return;
        }
        var origin = result.SourceDateEpochOrigin switch
        {
            SourceDateEpochOrigin.GitCommit => "the context's git HEAD commit time",
            SourceDateEpochOrigin.DockerfileDefault => "the Dockerfile's ARG default",
            _ => "SOURCE_DATE_EPOCH",
        };
        var time = DateTimeOffset.FromUnixTimeSeconds(epoch).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        writer.WriteLine($"epoch    {epoch} ({time}, {origin})");
    }

    public static void WriteSummary(TextWriter writer, BuildResult result)
    {
        if (result.Platforms.Count > 0)
        {
            WritePlatformsSummary(writer, result);
            return;
        }
        writer.WriteLine($"image    {result.ImageId}");
        writer.WriteLine($"manifest {result.ManifestDigest}");
        foreach (var name in result.Names) writer.WriteLine($"named    {name.Familiar}");
        WriteSizes(writer, result);
        WriteDevices(writer, result);
        WriteEpoch(writer, result);
        writer.WriteLine($"built in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
    }

    /// <summary>A multi-platform build: the index and its names, then each platform's image and sizes.</summary>
    private static void WritePlatformsSummary(TextWriter writer, BuildResult result)
    {
        writer.WriteLine($"index    {result.ManifestDigest} ({result.Platforms.Count} platforms)");
        foreach (var name in result.Names) writer.WriteLine($"named    {name.Familiar}");
        foreach (var platform in result.Platforms)
        {
            writer.WriteLine($"platform {platform.Platform}: image {platform.ImageId}, manifest {platform.ManifestDigest}");
            WriteSizes(writer, platform);
        }
        WriteDevices(writer, result);
        WriteEpoch(writer, result);
        writer.WriteLine($"built in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
    }

    private static void WriteSizes(TextWriter writer, BuildResult result)
    {
        var final = result.Final;
        // Sizes as docker shows them (the layers' uncompressed file bytes), the compressed blobs beside them.
        writer.WriteLine($"size     {HumanUnits.Size(final.UncompressedSize)} ({HumanUnits.Size(final.CompressedSize)} compressed), {final.Layers} layers: "
            + $"base {HumanUnits.Size(final.BaseUncompressedSize)} in {final.BaseLayers}, "
            + $"own {HumanUnits.Size(final.UncompressedSize - final.BaseUncompressedSize)} in {final.Layers - final.BaseLayers}");
        foreach (var stage in result.Stages)
        {
            writer.WriteLine($"stage    {stage.Name}: {HumanUnits.Size(stage.UncompressedSize)} ({HumanUnits.Size(stage.CompressedSize)} compressed)");
        }
        var largest = result.Stages.Where(s => s.Index != final.Index).MaxBy(s => s.UncompressedSize);
        if (largest is not null && largest.UncompressedSize > final.UncompressedSize)
        {
            var saved = 100.0 * (largest.UncompressedSize - final.UncompressedSize) / largest.UncompressedSize;
            writer.WriteLine($"final {HumanUnits.Size(final.UncompressedSize)} vs {largest.Name} stage {HumanUnits.Size(largest.UncompressedSize)}: "
                + $"{saved.ToString("0.0", CultureInfo.InvariantCulture)} % smaller");
        }
        if (result.LeftBehind is { } behind) writer.WriteLine($"split    {behind.Describe(HumanUnits.Size)} (in the build stages, not shipped)");
        if (result.Toolchain.Count > 0)
        {
            writer.WriteLine($"split    ships {string.Join(", ", result.Toolchain)}: build in a separate stage and COPY --from only the result to leave them behind");
        }
    }

    private static void WriteDevices(TextWriter writer, BuildResult result)
    {
        if (result.DeviceNodesLeftOut > 0)
        {
            writer.WriteLine($"devices  {result.DeviceNodesLeftOut} device node{(result.DeviceNodesLeftOut == 1 ? "" : "s")} left out of the local/tar output (never created on the host)");
        }
    }
}
