using System.Collections.Concurrent;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Context.Git;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// What steps read besides their own stage: the build context, named contexts (directories, git checkouts), other
/// stages' results (waited for) and images. Also
/// the key inputs of <see cref="LayerStep.KeyAsync"/>, so keys and execution read the very same sources.
/// </summary>
internal sealed class StepSources(BuildContext? context, ContentHashIndex fileHashes, IImageSource images,
    Func<int, Task<StageOutcome>> stages, GitSource git) : IStepKeyInputs
{
    private readonly ConcurrentDictionary<string, Lazy<BuildContext>> _named = new(StringComparer.Ordinal);

    public BuildContext? Context => context;

    /// <summary>The build cache's file-hash index, which also knows the xattrs of unchanged context files.</summary>
    public ContentHashIndex FileHashes => fileHashes;

    /// <summary>Fetches the git sources of ADD; one per build, so a ref resolves to the same commit for key and copy.</summary>
    public GitSource Git => git;

    /// <summary>The build context, or the directory of a <c>--build-context NAME=DIR</c> (opened once, with its own
    /// .dockerignore); null for the build context of a build without one.</summary>
    public BuildContext? ContextOf(ContextRef reference) => reference.IsBuildContext ? context
        : _named.GetOrAdd(reference.Directory!, directory => new Lazy<BuildContext>(() => OpenNamed(reference.Name!, directory))).Value;

    public Task<Digest?> ContextContentAsync(ContextRef reference, CopyRequest request, CancellationToken cancellationToken) =>
        ContextContentAsync(reference, request, null, cancellationToken);

    /// <summary>As <see cref="ContextContentAsync(ContextRef, CopyRequest, CancellationToken)"/>, handing each selected
    /// file's fingerprint to <paramref name="entries"/>: the same hashing, nothing read twice.</summary>
    public Task<Digest?> ContextContentAsync(ContextRef reference, CopyRequest request, Action<CopyEntryFingerprint>? entries,
        CancellationToken cancellationToken)
    {
        if (request.Sources.Any(RemoteSource.IsGit)) return GitContentAsync(request, cancellationToken);
        var source = ContextOf(reference);
        return CopySourceDigest.ComputeAsync(source, source?.Directory, request, fileHashes, entries, cancellationToken);
    }

    /// <summary>An ADD of git sources is keyed by the commits they resolve to now (with sub-directory and
    /// --keep-git-dir), so a moved branch misses and an unchanged one hits; one mixed with other sources is not cached.</summary>
    private async Task<Digest?> GitContentAsync(CopyRequest request, CancellationToken cancellationToken)
    {
        if (!request.Sources.All(RemoteSource.IsGit)) return null;
        var keys = new List<string>();
        foreach (var source in request.Sources)
        {
            var reference = GitSourceReference.Parse(source, request.Checksum, request.KeepGitDir ?? false);
            keys.Add(await git.KeyAsync(reference, cancellationToken).ConfigureAwait(false));
        }
        return Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', keys)));
    }

    private static BuildContext OpenNamed(string name, string directory) =>
        Directory.Exists(directory) ? BuildContext.Open(directory)
            : throw new HoistException($"build context \"{name}\": directory {directory} not found");

    /// <summary>The checkout a git build context names, fetched once per build.</summary>
    public Task<GitCheckout> CheckoutAsync(GitContextRef reference, CancellationToken cancellationToken) =>
        git.SharedCheckoutAsync(GitSourceReference.Parse(reference.Url), cancellationToken);

    public async Task<string> IdentityAsync(SourceRef source, CancellationToken cancellationToken) => source switch
    {
        GitContextRef repository => await git.KeyAsync(GitSourceReference.Parse(repository.Url), cancellationToken).ConfigureAwait(false),
        StageRef stage => "stage " + (await stages(stage.Index).ConfigureAwait(false)).Keys.Filesystem,
        ImageRef image => "image " + (await images.ResolveAsync(image.Reference, image.Platform, cancellationToken).ConfigureAwait(false)).ManifestDigest,
        _ => throw new InvalidOperationException("the build context has no identity of its own"),
    };

    /// <summary>The layers a <c>COPY --from</c> or <c>RUN --mount=from=</c> reads.</summary>
    public async Task<IReadOnlyList<ImageLayer>> LayersAsync(SourceRef source, CancellationToken cancellationToken) => source switch
    {
        StageRef stage => (await stages(stage.Index).ConfigureAwait(false)).Image.Layers,
        ImageRef image => (await images.ResolveAsync(image.Reference, image.Platform, cancellationToken).ConfigureAwait(false)).Layers,
        _ => throw new InvalidOperationException("the build context has no layers"),
    };
}
