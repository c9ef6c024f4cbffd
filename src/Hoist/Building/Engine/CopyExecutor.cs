using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Building.Context.Git;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>COPY and ADD: a layer written straight from the source (context, git context, stage, image) onto the stage's filesystem
/// as it is (directories, symlinked parents, /etc/passwd for --chown).</summary>
internal sealed class CopyExecutor(LayerDirectories layers, StepSources sources, LayerOutput output, ScratchSpace scratchSpace, BuildClock clock,
    IBuildEvents events)
{
    /// <param name="filesReadLater">keep the layer as files (a snapshot) because a later step reads them; otherwise it is
    /// written as a blob, as no one may ever unpack it (see <see cref="FilesReadLater"/>).</param>
    /// <param name="previous">The layer the step's last build made (its gzip members are reused where unchanged).</param>
    public async Task<ImageLayer> ExecuteAsync(CopyStep step, StageImage image, BuildStep display, bool filesReadLater,
        CancellationToken cancellationToken, Descriptor? previous = null)
    {
        RootView? sourceView = null;
        var stepLayers = layers.ReportingTo(new StepExtractionProgress(events, display));
        try
        {
            ICopySource? source = null;
            string? sourceRoot = null;
            if (step.Source is ContextRef context)
            {
                var directory = sources.ContextOf(context);
                (source, sourceRoot) = (directory, directory?.Directory);
            }
            else if (step.Source is GitContextRef repository)
            {
                var checkout = await sources.CheckoutAsync(repository, cancellationToken).ConfigureAwait(false);
                (source, sourceRoot) = (new GitCheckoutSource(checkout, repository.Name), checkout.Directory);
            }
            else
            {
                var sourceLayers = await sources.LayersAsync(step.Source, cancellationToken).ConfigureAwait(false);
                using (events.Measure(BuildPhases.Unpack, display)) sourceView = await stepLayers.OpenReadOnlyViewAsync(sourceLayers, cancellationToken).ConfigureAwait(false);
                source = new StageRootSource(sourceView.Path, step.Source.Text);
                sourceRoot = sourceView.Path;
            }
            RootView view;
            IReadOnlyList<string> lowers;
            using (events.Measure(BuildPhases.Unpack, display))
            {
                view = await stepLayers.OpenReadOnlyViewAsync(image.Layers, cancellationToken).ConfigureAwait(false);
                lowers = await stepLayers.LowerDirsAsync(image.Layers, cancellationToken).ConfigureAwait(false);
            }
            await using var destination = view;
            using (events.Measure(BuildPhases.Layer, display))
            {
                return await WriteAsync(step.Request, source, sourceRoot, destination.Path, filesReadLater ? lowers : null, previous, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            if (sourceView is not null) await sourceView.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ImageLayer> WriteAsync(CopyRequest request, ICopySource? source, string? sourceRoot, string destinationRoot,
        IReadOnlyList<string>? keepOverLowers, Descriptor? previous, CancellationToken cancellationToken)
    {
        bool IsDirectory(string path) => Directory.Exists(RootfsPath.Resolve(destinationRoot, path.TrimStart('/')));
        var users = new PasswdDatabase(ReadText(destinationRoot, "etc/passwd"), ReadText(destinationRoot, "etc/group"));
        var destination = new CopyDestination { IsDirectory = IsDirectory, Users = users };
        var plan = new CopyPlanner(source, destination).Plan(ThroughFinalSymlink(request, destinationRoot));
        plan = ThroughSymlinks(plan, destinationRoot);
        var scratch = scratchSpace.NewDirectory("copy-");
        try
        {
            plan = await GitSourceCopies.ExpandAsync(plan, sources.Git, destination, request, scratch, cancellationToken).ConfigureAwait(false);
            plan = await UrlDownloader.FetchAsync(plan, scratch, cancellationToken).ConfigureAwait(false);
            var hashes = source is BuildContext ? sources.FileHashes : null;
            var items = new CopyLayerItems(sourceRoot, IsDirectory, scratch, clock, hashes);
            // A blob takes the entries as the tar writer reaches them: a 20,000-file COPY's are never all held at once
            // (bench S3's peak memory). A snapshot needs them twice: written, then compared with what the files give back.
            return keepOverLowers is null
                ? await output.WriteAsync(items.Stream(plan), cancellationToken, previous).ConfigureAwait(false)
                : await output.KeepItemsAsync(items.Convert(plan), keepOverLowers, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The written destination resolved in the stage's filesystem, its last component too, as fsutil's Copy does
    /// (fs.RootPath): <c>COPY site.conf /etc/nginx/sites-enabled/default</c> where that is a link to
    /// <c>../sites-available/default</c> writes the file there and leaves the link, as BuildKit does.
    /// </summary>
    private static CopyRequest ThroughFinalSymlink(CopyRequest request, string root)
    {
        var written = request.Destination is "" or "." ? "./" : request.Destination;
        var absolute = UnixPath.Clean(written.StartsWith('/') ? written : UnixPath.Join("/" + request.WorkingDirectory, written));
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        var resolved = RootfsPath.Resolve(fullRoot, absolute);
        var inStage = resolved.Length > fullRoot.Length ? resolved[fullRoot.Length..] : "/";
        if (inStage == absolute) return request;
        var isDirectory = written.EndsWith('/') || written.EndsWith("/.", StringComparison.Ordinal);
        return request with { Destination = isDirectory && inStage != "/" ? inStage + "/" : inStage };
    }

    /// <summary>
    /// The destinations with their parent directories resolved in the stage's filesystem, so a COPY to /link/a.txt where
    /// /link → /real writes real/a.txt into the layer, as BuildKit does (the last component is never followed). Each
    /// parent is resolved once (a 20,000-file COPY has a hundred), and an operation whose destination stays is kept as is.
    /// </summary>
    private static CopyPlan ThroughSymlinks(CopyPlan plan, string root)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        return plan with
        {
            Operations = [.. plan.Operations.Select(o => ThroughSymlinks(fullRoot, o.Destination, parents) is var resolved && resolved != o.Destination
                ? o with { Destination = resolved }
                : o)],
        };
    }

    private static string ThroughSymlinks(string fullRoot, string destination, Dictionary<string, string> parents)
    {
        var trimmed = destination.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (slash <= 0) return destination;
        var parentPath = trimmed[..slash];
        if (!parents.TryGetValue(parentPath, out var relative))
        {
            var parent = RootfsPath.Resolve(fullRoot, parentPath);
            parents[parentPath] = relative = parent.Length > fullRoot.Length ? parent[(fullRoot.Length + 1)..] : "";
        }
        return "/" + (relative.Length > 0 ? relative + "/" : "") + trimmed[(slash + 1)..];
    }

    private static string? ReadText(string root, string path)
    {
        var resolved = RootfsPath.Resolve(root, path);
        return File.Exists(resolved) ? File.ReadAllText(resolved) : null;
    }
}
