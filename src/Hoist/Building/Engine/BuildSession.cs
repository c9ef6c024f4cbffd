using System.Collections.Concurrent;
using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Content;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>What the stages of one build share: store, layers, runtime, context, step numbers and stage results.</summary>
internal sealed class BuildSession(ContentStore store, BuildOptions options, IBuildEvents events, LayerDirectories layers,
    IContainerRuntime runtime, BuildContext? context)
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<Instruction>> _imageTriggers = new();
    private int _nextStep;

    public ContentStore Store => store;

    public BuildOptions Options => options;

    public BuildPlan Plan => options.Plan;

    public IBuildEvents Events => events;

    public LayerDirectories Layers => layers;

    public IContainerRuntime Runtime => runtime;

    public BuildContext? Context => context;

    /// <summary>The build cache: keys looked up and recorded by every stage.</summary>
    public required Cache.BuildCache Cache { get; init; }

    /// <summary>This process's scratch space under the state directory (copies, downloads, secrets).</summary>
    public required ScratchSpace Scratch { get; init; }

    /// <summary>Set by the builder: the result of a stage, built once however many stages wait for it.</summary>
    public required Func<int, Task<StageOutcome>> StageResult { get; init; }

    public BuildStep NewStep(PlannedStage stage, int position, int total, string text, int line)
    {
        var prefix = stage.Name ?? (Plan.Stages.Count > 1 ? $"stage-{stage.Index}" : null);
        var title = prefix is null ? $"[{position}/{total}] {text}" : $"[{prefix} {position}/{total}] {text}";
        return new BuildStep(Interlocked.Increment(ref _nextStep), title, stage.DisplayName, line);
    }

    public IReadOnlyList<Instruction> ImageTriggers(int stageIndex) => _imageTriggers.GetValueOrDefault(stageIndex, []);

    /// <summary>Finds an image in the store, else asks the resolver (a registry pull), else fails clearly.</summary>
    public async Task<LocalImage> ResolveImageAsync(string name, Platform platform, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ResolveImageAsync(name, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException) when (options.BaseImageResolver is not null)
        {
            var found = await options.BaseImageResolver.ResolveAsync(name, platform, store, cancellationToken).ConfigureAwait(false);
            return found ?? throw NotFound(name);
        }
        catch (HoistException e)
        {
            throw NotFound(name, e);
        }
    }

    private static HoistException NotFound(string name, Exception? inner = null) =>
        new($"image \"{name}\" not found in the store (pull it first: hoist pull {name})", inner);

    /// <summary>The starting image and scope of a stage whose base is an image or scratch.</summary>
    public async Task<StageOutcome> StartAsync(PlannedStage stage, CancellationToken cancellationToken)
    {
        var expander = new Dockerfile.Expansion.ShellWordExpander(Plan.EscapeChar);
        if (stage.BaseKind == StageBaseKind.Scratch)
        {
            var scratch = new StageImage
            {
                Platform = stage.Platform,
                Config = new ContainerConfig { Env = [DefaultPath], WorkingDir = "/" },
            };
            return new StageOutcome(scratch, StageScope.Start(expander, Plan.BuildArgs, Plan.GlobalScope, ParseEnv(scratch.Config.Env)), []);
        }
        var image = await ResolveImageAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false);
        var start = FromImage(image);
        if (image.Config.Config.Config?.OnBuild is { Count: > 0 } triggers)
        {
            _imageTriggers[stage.Index] = ParseTriggers(triggers);
            start = start with { Config = start.Config with { OnBuild = null } };
        }
        return new StageOutcome(start, StageScope.Start(expander, Plan.BuildArgs, Plan.GlobalScope, ParseEnv(start.Config.Env)), []);
    }

    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>An image as a stage's starting point; BuildKit adds the default PATH when the image has none.</summary>
    public static StageImage FromImage(LocalImage image)
    {
        var config = image.Config.Config;
        var diffIds = config.RootFs.DiffIds;
        var blobs = image.Manifest.Manifest.Layers;
        if (diffIds.Count != blobs.Count) throw new HoistException($"image {image.Id}: {blobs.Count} layers but {diffIds.Count} diff IDs");
        var container = config.Config ?? new ContainerConfig();
        var env = container.Env ?? [];
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) container = container with { Env = [DefaultPath, .. env] };
        return new StageImage
        {
            Platform = config.Platform,
            Config = container,
            Author = config.Author,
            Layers = [.. blobs.Zip(diffIds, (blob, diffId) => new ImageLayer(blob, diffId))],
            History = config.History ?? [],
        };
    }

    private static IEnumerable<KeyValue> ParseEnv(IReadOnlyList<string>? env) => (env ?? []).Select(e =>
    {
        var equals = e.IndexOf('=');
        return equals < 0 ? new KeyValue(e, "") : new KeyValue(e[..equals], e[(equals + 1)..]);
    });

    private IReadOnlyList<Instruction> ParseTriggers(IReadOnlyList<string> triggers)
    {
        var syntax = DockerfileParser.Parse(string.Join("\n", triggers) + "\n", Plan.FileName);
        return InstructionReader.Read(syntax);
    }

    /// <summary>The stage of this build a <c>COPY --from</c> or <c>RUN --mount=from=</c> names (by name or index), or null for an image.</summary>
    public StageDependency? CopyFromStage(PlannedStage stage, string from) =>
        stage.Dependencies.FirstOrDefault(d => d.Reason is DependencyReason.CopyFrom or DependencyReason.RunMountFrom
            && (string.Equals(d.StageName, from, StringComparison.OrdinalIgnoreCase) || d.StageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) == from
                || string.Equals(Plan.Stages[d.StageIndex].Name, from, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The layers a <c>COPY --from</c> or <c>RUN --mount=from=</c> reads: a stage of this build (by name or index) or an image.</summary>
    public async Task<IReadOnlyList<ImageLayer>> CopySourceLayersAsync(PlannedStage stage, string from, CancellationToken cancellationToken)
    {
        var dependency = CopyFromStage(stage, from);
        if (dependency is not null)
        {
            var outcome = await StageResult(dependency.StageIndex).ConfigureAwait(false);
            return outcome.Image.Layers;
        }
        var image = await ResolveImageAsync(from, stage.Platform, cancellationToken).ConfigureAwait(false);
        return FromImage(image).Layers;
    }

    /// <summary>Streams layer items into the store as a gzip layer.</summary>
    public async Task<ImageLayer> WriteLayerAsync(IEnumerable<LayerItem> items, CancellationToken cancellationToken)
    {
        await using var writer = store.BeginWrite();
        var blob = await Task.Run(() => LayerWriter.Write(items, writer, new LayerWriteOptions(), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImageLayer(new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }, blob.DiffId);
    }
}
