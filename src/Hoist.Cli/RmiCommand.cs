using System.CommandLine;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist rmi NAME…</c>: untags, then (unless <c>--no-prune</c>) deletes the blobs of the untagged images that no
/// other name still uses, as <c>docker rmi</c> does, and the unpacked layers no image or cache entry has any more. An
/// image given by ID loses every name, or its <c>&lt;none&gt;</c> entry if it had none.
/// </summary>
public static class RmiCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("IMAGE") { Description = "Image names or IDs", Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Remove every name of an image given by ID" };
        var noPrune = new Option<bool>("--no-prune") { Description = "Only untag; keep the blobs" };
        var command = new Command("rmi", "Remove one or more images") { names, force, noPrune };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var untagged = new List<Digest>();
            foreach (var name in parseResult.GetValue(names)!)
            {
                // A tag names exactly one thing: remove just that name, even when the image has others.
                if (ImageReference.TryParse(name, out var reference, out _) && reference.Digest is null
                    && store.Names.Lookup(reference) is { } target)
                {
                    await store.Names.RemoveAsync(reference, cancellationToken);
                    output.WriteLine($"Untagged: {reference.Familiar}");
                    untagged.Add(target);
                    continue;
                }
                var image = await store.ResolveImageAsync(name, cancellationToken: cancellationToken);
                if (image.References.Count > 1 && !parseResult.GetValue(force))
                {
                    throw new HoistException(
                        $"conflict: unable to delete {HumanUnits.ShortId(image.Id)} (must be forced) - image is referenced in multiple repositories");
                }
                foreach (var other in image.References)
                {
                    await store.Names.RemoveAsync(other, cancellationToken);
                    output.WriteLine($"Untagged: {other.Familiar}");
                }
                await store.Names.RemoveUntaggedAsync(image.Target.Digest, cancellationToken);
                untagged.Add(image.Target.Digest);
            }
            if (!parseResult.GetValue(noPrune)) await DeleteUnreferencedAsync(store, untagged, output, cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Deletes the blobs of <paramref name="untagged"/> images that no name and no cache entry still needs, and
    /// the unpacked layers nothing has any more; returns the bytes freed.</summary>
    internal static async Task<long> DeleteUnreferencedAsync(Content.ContentStore store, IReadOnlyList<Digest> untagged, TextWriter output,
        CancellationToken cancellationToken)
    {
        var cache = new Building.Cache.CachePruner(store);
        var result = await store.DeleteIfUnreferencedAsync(untagged, cache.ReferencedBlobs(), cancellationToken);
        foreach (var blob in result.Deleted) output.WriteLine($"Deleted: {blob.Digest}");
        var layers = await new Snapshots.LayerReclaimer(store).ReclaimAsync(cache.ReferencedDiffIds(), cancellationToken);
        foreach (var diffId in layers.Deleted) output.WriteLine($"Deleted unpacked layer: {diffId}");
        return result.BytesFreed;
    }
}
