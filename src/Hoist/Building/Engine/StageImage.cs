using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>The image a stage has built so far: immutable, every step returns a new one.</summary>
public sealed record StageImage
{
    public required Platform Platform { get; init; }

    public ContainerConfig Config { get; init; } = new();

    public string? Author { get; init; }

    public IReadOnlyList<ImageLayer> Layers { get; init; } = [];

    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>How many of <see cref="History"/>'s entries come from the base image (kept as they are under
    /// SOURCE_DATE_EPOCH, as BuildKit keeps them: moby/buildkit#4614).</summary>
    public int BaseHistoryCount { get; init; }

    /// <summary>How many of <see cref="Layers"/> are the base image's (never rewritten to SOURCE_DATE_EPOCH).</summary>
    public int BaseLayerCount { get; init; }

    /// <summary>An image's layers and history as a stage's starting point (the config comes from dispatch).</summary>
    public static StageImage From(Image image) => new()
    {
        Platform = image.Platform,
        Config = image.Config.Config ?? new ContainerConfig(),
        Author = image.Config.Author,
        Layers = image.Layers,
        History = image.Config.History ?? [],
        BaseHistoryCount = image.Config.History?.Count ?? 0,
        BaseLayerCount = image.Layers.Count,
    };

    /// <summary>The comment BuildKit's Dockerfile frontend gives the history entries of instructions.</summary>
    public const string DockerfileComment = "buildkit.dockerfile.v0";

    /// <summary>The comment BuildKit's image exporter gives an entry it adds for a layer without one.</summary>
    public const string ExporterComment = "buildkit.exporter.image.v0";

    public StageImage WithHistory(string createdBy, bool emptyLayer, DateTimeOffset created, string comment = DockerfileComment) => this with
    {
        History = [.. History, new HistoryEntry
        {
            Created = created,
            CreatedBy = createdBy,
            Comment = comment,
            EmptyLayer = emptyLayer,
        }],
    };

    /// <summary>The same image with its first history entry moved to the end (see <see cref="StageExecutor"/>: a context's
    /// files as the only layer).</summary>
    public StageImage WithFirstHistoryLast() => History.Count < 2 ? this : this with { History = [.. History.Skip(1), History[0]] };

    /// <summary>The same image with the last history entry's time replaced (a cache hit keeps the time it was built).</summary>
    public StageImage WithLastCreated(DateTimeOffset created) =>
        this with { History = [.. History.SkipLast(1), History[^1] with { Created = created }] };

    public StageImage WithLayer(ImageLayer layer, string createdBy, DateTimeOffset created, string comment = DockerfileComment) =>
        (this with { Layers = [.. Layers, layer] }).WithHistory(createdBy, emptyLayer: false, created, comment);

    public ImageConfig ToImageConfig() => new()
    {
        Architecture = Platform.Architecture,
        Os = Platform.Os,
        Variant = Platform.Variant,
        OsVersion = Platform.OsVersion,
        Author = Author,
        Config = Config,
        Created = History.Count > 0 ? History[^1].Created : DateTimeOffset.UtcNow,
        History = History,
        RootFs = new RootFs { DiffIds = [.. Layers.Select(l => l.DiffId)] },
    };
}
