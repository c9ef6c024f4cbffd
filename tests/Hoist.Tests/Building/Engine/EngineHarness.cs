using Hoist.Archives;
using Hoist.Building.Cache;
using Hoist.Building.Engine;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Snapshots;
using Hoist.Tests.Content;

namespace Hoist.Tests.Building.Engine;

/// <summary>
/// The build engine in-process on a fake runtime and a fake snapshotter: a store and a context in temp directories,
/// each build a fresh cache and event log over the same store (as consecutive <c>hoist build</c> runs are).
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly TestStore _store = new();

    public EngineHarness()
    {
        Context = Path.Combine(_store.Root, "context-dir");
        Directory.CreateDirectory(Context);
    }

    public ContentStore Store => _store.Store;

    public string Context { get; }

    public FakeRuntime Runtime { get; } = new();

    public FakeSnapshotter Snapshotter => _snapshotter ??= new(Path.Combine(_store.Root, "fake-snapshots"));

    private FakeSnapshotter? _snapshotter;

    /// <summary>Asked for images the store lacks (a fake registry); null finds nothing.</summary>
    public IImageSource? Registry { get; set; }

    /// <summary>The events of the latest build, also when it failed.</summary>
    public RecordedEvents LastEvents { get; private set; } = new();

    public void File(string path, string content)
    {
        var full = Path.Combine(Context, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    public async Task<EngineBuild> BuildAsync(string dockerfile, string[]? buildArgs = null, string? target = null, bool noCache = false,
        string[]? noCacheStages = null, int jobs = 4, string[]? tags = null, bool rewriteTimestamps = true,
        Func<string, string?>? environment = null, string? platforms = null, bool reportSplit = false, CancellationToken cancellationToken = default)
    {
        var targets = platforms is null ? [] : Platform.ParseList(platforms);
        var planOptions = new PlanOptions
        {
            Target = target, BuildArgs = buildArgs ?? [], EnvironmentLookup = environment ?? (_ => null), TargetPlatform = targets.FirstOrDefault(),
        };
        var plan = DockerfileFrontend.Plan(dockerfile, "Dockerfile", planOptions);
        IReadOnlyList<BuildPlan> platformPlans = targets.Count > 1
            ? [.. targets.Select(t => DockerfileFrontend.Plan(dockerfile, "Dockerfile", planOptions with { TargetPlatform = t }))]
            : [];
        var events = LastEvents = new RecordedEvents();
        var before = Runtime.Requests.Count;
        using var scratch = ScratchSpace.Create(Path.Combine(_store.Root, "runs"));
        var services = new BuildServices
        {
            Store = Store,
            Runtime = Runtime,
            Snapshotter = Snapshotter,
            Snapshots = new SnapshotStore(Path.Combine(_store.Root, "snapshots")),
            Scratch = scratch,
            Images = Registry is null ? new StoreImageSource(Store) : new FirstFoundImageSource(new StoreImageSource(Store), Registry),
            Cache = new BuildCache(Store, noCache, noCacheStages),
            Events = events,
        };
        var options = new BuildOptions
        {
            Plan = plan, PlatformPlans = platformPlans, ContextDirectory = Context, Jobs = jobs, Tags = tags ?? [], RewriteTimestamps = rewriteTimestamps,
            ReportSplit = reportSplit,
        };
        var result = platformPlans.Count > 0
            ? await new MultiPlatformBuilder(services).BuildAsync(options, cancellationToken)
            : await new ImageBuilder(services).BuildAsync(options, cancellationToken);
        var image = await Store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken);
        return new EngineBuild(result, image.Config.Config, events, [.. Runtime.Requests.Skip(before)]);
    }

    /// <summary>Stores an image named <paramref name="name"/> with one real layer holding <paramref name="files"/> (mode
    /// 0644, 0755 for those named in <paramref name="executables"/>).</summary>
    public async Task<Digest> WriteImageAsync(string name, IReadOnlyDictionary<string, string> files, ContainerConfig config,
        IReadOnlyCollection<string>? executables = null)
    {
        var tree = Directory.CreateTempSubdirectory("hoist-engine-image-").FullName;
        var empty = Directory.CreateTempSubdirectory("hoist-engine-empty-").FullName;
        try
        {
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(tree, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await System.IO.File.WriteAllTextAsync(full, content);
                if (executables?.Contains(path) == true && !OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(full, (UnixFileMode)0x1ED);
            }
            LayerBlob blob;
            await using (var writer = Store.BeginWrite())
            {
                blob = LayerWriter.Write(LayerChanges.BetweenDirectories(empty, tree), writer, new LayerWriteOptions());
                await writer.CommitAsync(CancellationToken.None);
            }
            return await WriteManifestAsync(name, blob, config);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }

    private async Task<Digest> WriteManifestAsync(string name, LayerBlob blob, ContainerConfig config)
    {
        var stored = StoredConfig.Create(new ImageConfig
        {
            Architecture = Platform.Host.Architecture,
            Os = Platform.Host.Os,
            Variant = Platform.Host.Variant,
            Created = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            Config = config,
            RootFs = new RootFs { DiffIds = [blob.DiffId] },
            History = [new HistoryEntry { CreatedBy = "base layer" }],
        });
        await Store.WriteAsync(stored);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = stored.ToDescriptor(MediaTypes.OciConfig),
            Layers = [new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }],
        });
        await Store.WriteAsync(manifest);
        await Store.Names.SetAsync(ImageReference.Parse(name), manifest.Digest);
        return manifest.Digest;
    }

    /// <summary>Every tar entry of the built image's layers, with the index of the layer that holds it.</summary>
    public async Task<IReadOnlyList<(int Layer, TarEntry Entry)>> ReadEntriesAsync(EngineBuild build)
    {
        var image = await Store.LoadImageAsync(build.Result.ManifestDigest);
        var entries = new List<(int, TarEntry)>();
        var layers = image.Manifest.Manifest.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            await using var file = Store.OpenRead(layers[i].Digest);
            await using var decompressed = LayerCompressionCodec.OpenRead(file);
            using var reader = new TarArchiveReader(decompressed);
            while (reader.ReadNext() is { } entry) entries.Add((i, entry));
        }
        return entries;
    }

    /// <summary>The content of <paramref name="path"/> in the built image's layers (the last layer that has it wins).</summary>
    public async Task<string?> ReadFileAsync(EngineBuild build, string path)
    {
        var image = await Store.LoadImageAsync(build.Result.ManifestDigest);
        string? found = null;
        foreach (var layer in image.Manifest.Manifest.Layers)
        {
            await using var file = Store.OpenRead(layer.Digest);
            await using var decompressed = LayerCompressionCodec.OpenRead(file);
            using var reader = new TarArchiveReader(decompressed);
            while (reader.ReadNext() is { } entry)
            {
                if (entry.Name.TrimEnd('/') != path.TrimStart('/')) continue;
                using var content = new StreamReader(reader.OpenContent());
                found = await content.ReadToEndAsync();
            }
        }
        return found;
    }

    public void Dispose() => _store.Dispose();
}
