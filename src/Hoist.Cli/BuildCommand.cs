using System.CommandLine;
using System.Globalization;
using Hoist.Building.Engine;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary><c>hoist build [OPTIONS] CONTEXT</c>: plans the Dockerfile, builds the needed stages, stores and names the image.</summary>
public static class BuildCommand
{
    public static Command Create()
    {
        var file = DockerfileInput.CreateFileOption();
        var context = DockerfileInput.CreateContextArgument();
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name the image (name:tag); repeatable" };
        var target = new Option<string?>("--target") { Description = "Stage to build (default: the last one)" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Build argument NAME=VALUE (or NAME from the environment); repeatable" };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use the build cache" };
        var noCacheFilter = new Option<string[]>("--no-cache-filter") { Description = "Do not use the build cache for these stages (STAGE[,STAGE]); repeatable" };
        var network = new Option<string>("--network") { Description = "Network for RUN: host (default) or none", DefaultValueFactory = _ => "host" };
        network.AcceptOnlyFromAmong("host", "none", "default");
        var platform = new Option<string?>("--platform") { Description = "Target platform (only this machine's platform is supported)" };
        var labels = new Option<string[]>("--label") { Description = "Set a label on the image (KEY=VALUE); repeatable" };
        var progress = new Option<string>("--progress") { Description = "Progress output: auto, plain or quiet", DefaultValueFactory = _ => "auto" };
        progress.AcceptOnlyFromAmong("auto", "plain", "quiet", "tty");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the image ID" };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image ID to this file" };
        var jobs = new Option<int>("--jobs") { Description = "Stages built at once (default: number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var runtime = new Option<string>("--runtime") { Description = "OCI runtime binary", DefaultValueFactory = _ => "runc" };
        var command = new Command("build", "Build an image from a Dockerfile")
        {
            file, tags, target, buildArgs, noCache, noCacheFilter, network, platform, labels, progress, quiet, iidFile, jobs, runtime, context,
        };
        RegistryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(platform) is { Length: > 0 } requested)
            {
                var wanted = Platform.Parse(requested);
                if (wanted.Os != Platform.Host.Os || wanted.Architecture != Platform.Host.Architecture)
                {
                    throw new HoistException($"platform {requested} is not supported: only this machine's platform ({Platform.Host}) can be built");
                }
            }
            var contextDirectory = parse.GetValue(context) ?? ".";
            var dockerfile = DockerfileInput.ResolvePath(parse.GetValue(file), contextDirectory);
            var (text, fileName) = DockerfileInput.Read(dockerfile);
            var plan = DockerfileFrontend.Plan(text, fileName, new PlanOptions
            {
                Target = parse.GetValue(target),
                BuildArgs = parse.GetValue(buildArgs) ?? [],
            });
            var isQuiet = parse.GetValue(quiet) || parse.GetValue(progress) == "quiet";
            var store = GlobalOptions.OpenStore(parse);
            var events = new PlainProgress(error, isQuiet);
            BuildResult result;
            try
            {
                using var registry = RegistryOptions.CreateClient(parse);
                result = await new ImageBuilder(store, events).BuildAsync(new BuildOptions
                {
                    Plan = plan,
                    ContextDirectory = Directory.Exists(contextDirectory) ? contextDirectory : null,
                    DockerfilePath = dockerfile == "-" ? null : dockerfile,
                    Tags = parse.GetValue(tags) ?? [],
                    Labels = [.. (parse.GetValue(labels) ?? []).Select(ParseLabel)],
                    Network = parse.GetValue(network) == "none" ? NetworkMode.None : NetworkMode.Host,
                    Jobs = Math.Max(1, parse.GetValue(jobs)),
                    RuntimePath = parse.GetValue(runtime)!,
                    NoCache = parse.GetValue(noCache),
                    NoCacheStages = [.. (parse.GetValue(noCacheFilter) ?? []).SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                    BaseImageResolver = new RegistryBaseImageResolver(new ImagePuller(store, registry)),
                }, cancellationToken);
            }
            catch (BuildStepException e)
            {
                lock (error)
                {
                    error.WriteLine($"ERROR: failed to build: {e.Step.Title}: {e.Cause}");
                    if (e.LastLines.Count > 0)
                    {
                        error.WriteLine("------");
                        foreach (var line in e.LastLines) error.WriteLine($" > {line}");
                        error.WriteLine("------");
                    }
                    error.WriteLine($"{fileName}:{e.Step.Line}");
                }
                return 1;
            }
            if (parse.GetValue(iidFile) is { Length: > 0 } iid) await File.WriteAllTextAsync(iid, result.ImageId.ToString(), cancellationToken);
            if (parse.GetValue(quiet))
            {
                output.WriteLine(result.ImageId.ToString());
                return 0;
            }
            if (!isQuiet) WriteSummary(error, result);
            return 0;
        });
        return command;
    }

    private static KeyValuePair<string, string> ParseLabel(string text)
    {
        var equals = text.IndexOf('=');
        return equals <= 0 ? new(text, "") : new(text[..equals], text[(equals + 1)..]);
    }

    public static void WriteSummary(TextWriter writer, BuildResult result)
    {
        writer.WriteLine($"image    {result.ImageId}");
        writer.WriteLine($"manifest {result.ManifestDigest}");
        foreach (var name in result.Names) writer.WriteLine($"named    {name.Familiar}");
        var final = result.Final;
        writer.WriteLine($"size     {HumanUnits.Size(final.CompressedSize)} compressed, {HumanUnits.Size(final.UncompressedSize)} uncompressed, {final.Layers} layers");
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
        writer.WriteLine($"built in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
    }
}
