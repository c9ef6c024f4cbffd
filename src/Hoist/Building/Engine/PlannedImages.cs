using System.Collections.Concurrent;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// The images a build names (FROM bases, <c>COPY --from</c> and <c>RUN --mount from=</c> images), resolved together
/// before any stage runs, as BuildKit resolves them while converting the Dockerfile: one that cannot be found fails the
/// build with its Dockerfile line before anything is built. Each is resolved once; stages and steps share the result.
/// </summary>
internal sealed class PlannedImages(IImageSource images) : IImageSource
{
    private readonly ConcurrentDictionary<(string Reference, Platform Platform), Lazy<Task<Image?>>> _found = new();

    public Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken) =>
        _found.GetOrAdd((reference, platform),
            key => new Lazy<Task<Image?>>(() => images.FindAsync(key.Reference, key.Platform, cancellationToken))).Value;

    /// <summary>Resolves every image the stages of <paramref name="plan"/>'s build order name, in parallel.</summary>
    public Task ResolveAllAsync(BuildPlan plan, CancellationToken cancellationToken) =>
        Task.WhenAll(Named(plan).Distinct().Select(image => ResolveAsync(plan.FileName, image, cancellationToken)));

    private async Task ResolveAsync(string fileName, (string Reference, Platform Platform, int Line) image, CancellationToken cancellationToken)
    {
        try
        {
            await this.ResolveAsync(image.Reference, image.Platform, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (!PlanErrors.NamesALine(e))
        {
            throw PlanErrors.AtLine(fileName, image.Line, e.Message);
        }
    }

    private static IEnumerable<(string Reference, Platform Platform, int Line)> Named(BuildPlan plan) =>
        plan.BuildOrder.SelectMany(stage =>
            (stage.BaseKind == StageBaseKind.Image ? [(stage.BaseName, stage.Platform, stage.From.Line)] : Array.Empty<(string, Platform, int)>())
                .Concat(stage.ExternalImages.Select(i => (i.Reference, stage.Platform, i.Line))));
}
