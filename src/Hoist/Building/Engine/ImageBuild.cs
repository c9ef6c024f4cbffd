using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Registry;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The whole of <c>hoist build</c> as one call: imports remote cache, builds with runc over overlay snapshots (FROM
/// images from the store, else the registry), exports the image (outputs, pushes), exports the cache, writes the image
/// ID file, and returns the built image. The caller only parses options and renders <paramref name="events"/>.
/// </summary>
public sealed class ImageBuild(ContentStore store, RegistryClient registry, IBuildEvents events)
{
    public async Task<BuildResult> RunAsync(BuildRequest request, Func<Stream> openStandardOutput, CancellationToken cancellationToken = default)
    {
        var shown = request.StepsBefore == 0 ? events : new PlatformStepEvents(events, null, request.StepsBefore);
        var runtime = new RuncRuntimeOptions
        {
            RuntimePath = request.RuntimePath, StateRoot = RuncRuntimeOptions.StateRootUnder(store.Root), PidsLimit = request.Build.PidsLimit,
            Sandbox = request.Build.Sandbox, CgroupParent = request.Build.Sandbox.CgroupParent,
        };
        using var workspace = BuildWorkspace.Create(store, runtime);
        var remoteCache = new RemoteCache(store, workspace.Scratch);
        foreach (var import in request.CacheImports)
        {
            if (await remoteCache.ImportAsync(Location(import), cancellationToken).ConfigureAwait(false) is null)
            {
                events.Warning($"cache import: {import.Name} not found");
            }
        }
        var runc = new RuncRuntime(runtime with { BundleRoot = () => workspace.Path, ReuseNetworks = true });
        BuildResult result;
        try
        {
            var services = Services(request, runc, workspace) with { Events = shown };
            try
            {
                result = request.Build.PlatformPlans.Count > 1
                    ? await new MultiPlatformBuilder(services).BuildAsync(request.Build, cancellationToken).ConfigureAwait(false)
                    : await new ImageBuilder(services).BuildAsync(request.Build, cancellationToken).ConfigureAwait(false);
            }
            catch (BuildStepException e) when (request.StepsBefore > 0)
            {
                // The step as shown (numbered after the earlier targets'), so its log is found under that number.
                throw new BuildStepException(e.Step with { Id = e.Step.Id + request.StepsBefore }, request.Build.Plan.FileName, e.Cause, e.LastLines, e.InnerException);
            }
        }
        catch
        {
            await runc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // The sandbox networks kept for the build's RUNs stop while the image is exported.
        var networksStopped = runc.DisposeAsync().AsTask();
        try
        {
            return await FinishAsync(result, request, remoteCache, openStandardOutput, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await networksStopped.ConfigureAwait(false);
        }
    }

    /// <summary>Attestations, exports (store names, files, pushes), the remote cache and the ID file of a built image.</summary>
    private async Task<BuildResult> FinishAsync(BuildResult result, BuildRequest request, RemoteCache remoteCache, Func<Stream> openStandardOutput,
        CancellationToken cancellationToken)
    {
        var exports = new BuildExports(store, events, registry, request.StepsBefore + result.StepCount);
        result = await exports.CompressAsync(result, request, cancellationToken).ConfigureAwait(false);
        result = await new BuildAttestations(store).AttachAsync(result, request.Build, request.Attestations, cancellationToken).ConfigureAwait(false);
        var leftOut = await exports.RunAsync(result, request, openStandardOutput, cancellationToken).ConfigureAwait(false);
        result = result with { DeviceNodesLeftOut = leftOut };
        foreach (var export in request.CacheExports)
        {
            var entries = await CompressAsync(export.Mode == RemoteCacheMode.Max ? result.AllCacheEntries : result.TargetCacheEntries,
                cancellationToken).ConfigureAwait(false);
            await remoteCache.ExportAsync(Location(export), entries, export.Mounts ? result.CacheMounts : [], cancellationToken).ConfigureAwait(false);
        }
        if (request.ImageIdFile is { Length: > 0 } file)
        {
            var id = System.Text.Encoding.UTF8.GetBytes(result.ImageId.ToString());
            await DestinationFile.WriteAsync(file, stream => stream.WriteAsync(id, cancellationToken).AsTask()).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>The entries with the layers they name as blobs (those kept as snapshots compressed now).</summary>
    private async Task<IReadOnlyList<CacheEntry>> CompressAsync(IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        var compressor = new SnapshotLayerCompressor(new SnapshotLayers(store));
        var compressed = new List<CacheEntry>();
        foreach (var entry in entries)
        {
            var layer = entry.Layer is null ? null : await compressor.CompressAsync(entry.Layer, cancellationToken).ConfigureAwait(false);
            compressed.Add(entry with { Layer = layer });
        }
        return compressed;
    }

    private ICacheLocation Location(RemoteCacheSpec spec) => spec.Type == RemoteCacheType.Registry
        ? new RegistryCacheLocation(registry, spec.Reference!)
        : new LayoutCacheLocation(spec.Directory!);

    private BuildServices Services(BuildRequest request, IContainerRuntime runtime, BuildWorkspace workspace)
    {
        var pulls = new PullLog();
        var snapshotter = new AutoSnapshotter(() => workspace.Path, request.ForceCopySnapshots);
        var build = request.Build;
        var unpacker = new PulledLayerUnpacker(store, new LayerDirectories(store, workspace.Snapshots, snapshotter),
            PulledLayerUnpacker.ReadAsFiles(build.PlatformPlans.Count > 0 ? build.PlatformPlans : [build.Plan]), build.ReportSplit);
        var registrySource = new RegistryImageSource(new ImagePuller(store, registry) { LayerReader = unpacker }, pulls);
        return new()
        {
            Store = store,
            Runtime = runtime,
            Snapshotter = snapshotter,
            Snapshots = workspace.Snapshots,
            Scratch = workspace.Scratch,
            Images = request.Pull
                ? new FirstFoundImageSource(new ArchiveImageSource(store), registrySource)
                : new FirstFoundImageSource(new ArchiveImageSource(store), new StoreImageSource(store), registrySource),
            Pulls = pulls,
            Cache = new BuildCache(store, request.NoCache, request.NoCacheStages),
            Events = events,
        };
    }
}
