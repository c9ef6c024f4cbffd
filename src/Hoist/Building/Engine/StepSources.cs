using System.Collections.Concurrent;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// What steps read besides their own stage: the build context, other stages' results (waited for) and images. Also
/// the key inputs of <see cref="LayerStep.KeyAsync"/>, so keys and execution read the very same sources.
/// </summary>
internal sealed class StepSources(BuildContext? context, ContentHashIndex fileHashes, IImageSource images,
    Func<int, Task<StageOutcome>> stages) : IStepKeyInputs
{
    private readonly ConcurrentDictionary<string, Lazy<BuildContext>> _named = new(StringComparer.Ordinal);

    public BuildContext? Context => context;

    /// <summary>The build context, or the directory of a <c>--build-context NAME=DIR</c> (opened once, with its own
    /// .dockerignore); null for the build context of a build without one.</summary>
    public BuildContext? ContextOf(ContextRef reference) => reference.IsBuildContext ? context
        : _named.GetOrAdd(reference.Directory!, directory => new Lazy<BuildContext>(() => OpenNamed(reference.Name!, directory))).Value;

    public Task<Digest?> ContextContentAsync(ContextRef reference, CopyRequest request, CancellationToken cancellationToken)
    {
        var source = ContextOf(reference);
        return CopySourceDigest.ComputeAsync(source, source?.Directory, request, fileHashes, cancellationToken);
    }

    private static BuildContext OpenNamed(string name, string directory) =>
        Directory.Exists(directory) ? BuildContext.Open(directory)
            : throw new HoistException($"build context \"{name}\": directory {directory} not found");

    public async Task<string> IdentityAsync(SourceRef source, CancellationToken cancellationToken) => source switch
    {
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
