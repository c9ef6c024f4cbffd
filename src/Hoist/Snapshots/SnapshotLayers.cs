using System.IO.Pipelines;
using System.Text.Json;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Layers kept only as their snapshot directory: a RUN's upper directory or a COPY's files become the unpacked layer
/// directly, its diffID is hashed from a tar streamed nowhere, and the image's manifest names the uncompressed tar
/// (digest = diffID) until an export compresses it (<see cref="SnapshotLayerCompressor"/>). The tar is made again from the
/// directory and its <see cref="SnapshotLayerRecipe"/> whenever something reads the layer, and checked against the diffID.
/// A directory without a recipe (unpacked from a blob) is never used this way.
/// </summary>
public sealed class SnapshotLayers(ContentStore store, SnapshotStore snapshots) : ISnapshotLayerSource
{
    public SnapshotLayers(ContentStore store) : this(store, SnapshotStore.For(store))
    {
    }

    public ContentStore Store => store;

    public SnapshotStore Snapshots => snapshots;

    /// <summary>Lets <see cref="ContentStore.OpenRead"/> read snapshot layers (analysis, rootfs exports).</summary>
    public static SnapshotLayers AttachTo(ContentStore store, SnapshotStore? snapshots = null)
    {
        var layers = new SnapshotLayers(store, snapshots ?? SnapshotStore.For(store));
        store.SnapshotLayers = layers;
        return layers;
    }

    /// <summary>The manifest entry of a snapshot layer: its uncompressed tar, whose digest is the diffID.</summary>
    public static Descriptor Descriptor(LayerBlob tar) => new() { MediaType = LayerMediaTypes.OciTar, Digest = tar.DiffId, Size = tar.Size };

    /// <summary>The recipe of a snapshot layer whose directory is there; null for any other layer.</summary>
    public SnapshotLayerRecipe? RecipeOf(Digest diffId)
    {
        if (!snapshots.Contains(diffId)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(RecipePath(diffId)), SnapshotsJsonContext.Default.SnapshotLayerRecipe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="blob"/> is a layer the store has only as a snapshot.</summary>
    public bool IsSnapshotOnly(Descriptor blob) => !store.Contains(blob.Digest) && RecipeOf(blob.Digest) is not null;

    /// <summary>The layer's items, as the tar of the build that kept it had them.</summary>
    public IEnumerable<LayerItem> Items(Digest diffId, SnapshotLayerRecipe recipe) => ItemsOf(snapshots.PathFor(diffId), recipe);

    /// <summary>The files of <paramref name="blob"/> when it is a snapshot layer's uncompressed tar, in that tar's order
    /// (for walks that need no tar, such as analysis); null for any other layer.</summary>
    public IEnumerable<LayerItem>? FilesOf(Descriptor blob) =>
        LayerMediaTypes.CompressionOf(blob.MediaType) == LayerCompression.None && RecipeOf(blob.Digest) is { } recipe ? Items(blob.Digest, recipe) : null;

    /// <summary>The items <paramref name="directory"/> gives as a snapshot layer with <paramref name="recipe"/>.</summary>
    internal static IEnumerable<LayerItem> ItemsOf(string directory, SnapshotLayerRecipe recipe)
    {
        var omitted = recipe.Omitted.ToHashSet(StringComparer.Ordinal);
        return LayerChanges.FromOverlayUpper(directory, recipe.TimeOptions)
            .Where(item => item.Entry.Type != TarEntryType.Directory || !omitted.Contains(item.Entry.Name));
    }

    /// <summary>Writes the layer (compressed as <paramref name="options"/> say), refusing a tar that is not the diffID's.</summary>
    public LayerBlob Write(Digest diffId, SnapshotLayerRecipe recipe, Stream output, LayerWriteOptions options, CancellationToken cancellationToken)
    {
        var times = recipe.TimeOptions;
        var written = options with
        {
            SourceDateEpoch = times.SourceDateEpoch, BuildWindows = times.BuildWindows, OnlyCapabilityXattr = times.OnlyCapabilityXattr,
        };
        var blob = LayerWriter.Write(Items(diffId, recipe), output, written, cancellationToken);
        if (blob.DiffId != diffId)
        {
            throw new HoistException($"layer {diffId}: its unpacked directory {snapshots.PathFor(diffId)} was changed "
                + $"(it now gives {blob.DiffId}); remove the image and build it again");
        }
        return blob;
    }

    public bool Contains(Digest diffId) => RecipeOf(diffId) is not null;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, uint>? SubsecondMtimes(Digest diffId) =>
        RecipeOf(diffId) is { } recipe ? LayerApplyOptions.SubsecondMtimesOf(Items(diffId, recipe).Select(item => item.Entry)) : null;

    public Stream? TryOpenTar(Digest diffId)
    {
        if (RecipeOf(diffId) is not { } recipe) return null;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        _ = Task.Run(() =>
        {
            try
            {
                using (var output = pipe.Writer.AsStream(leaveOpen: true))
                {
                    Write(diffId, recipe, output, new LayerWriteOptions { Compression = LayerCompression.None }, CancellationToken.None);
                }
                pipe.Writer.Complete();
            }
            catch (Exception e)
            {
                // The reader sees the failure (a changed directory, a reader gone) instead of a short tar.
                pipe.Writer.Complete(e);
            }
        });
        return pipe.Reader.AsStream();
    }

    /// <summary>Records <paramref name="recipe"/> for the layer (before its directory appears, see <see cref="Publish"/>).</summary>
    public void SaveRecipe(Digest diffId, SnapshotLayerRecipe recipe) =>
        AtomicFile.WriteAllBytes(RecipePath(diffId), JsonSerializer.SerializeToUtf8Bytes(recipe, SnapshotsJsonContext.Default.SnapshotLayerRecipe),
            new AtomicWriteOptions { CreateParent = true });

    /// <summary>A directory unpacked from a blob is no snapshot layer: any recipe a killed build left for it goes.</summary>
    public void ForgetRecipe(Digest diffId)
    {
        if (File.Exists(RecipePath(diffId))) File.Delete(RecipePath(diffId));
    }

    /// <summary>
    /// Makes the files under <paramref name="source"/> the layer <paramref name="diffId"/> with <paramref name="recipe"/>;
    /// true when the layer is a snapshot layer afterwards (false when the same layer is already there, unpacked from a
    /// blob: the caller writes the blob). The recipe is written before the directory appears under its name, and a
    /// directory unpacked from a blob removes it, so a recipe never describes a directory it was not made for.
    /// </summary>
    public async Task<bool> PublishAsync(string source, Digest diffId, SnapshotLayerRecipe recipe, CancellationToken cancellationToken)
    {
        var moved = false;
        await snapshots.GetOrUnpackAsync(diffId, (directory, _) =>
        {
            MoveChildren(source, directory);
            SaveRecipe(diffId, recipe);
            moved = true;
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return moved || RecipeOf(diffId) is not null;
    }

    /// <summary>rename(2) each entry: File.Move follows symlinks to check its source, and a relative link to a directory
    /// moved before it would dangle by then.</summary>
    internal static void MoveChildren(string from, string to)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(from).ToList())
        {
            Native.Rename(child, Path.Combine(to, Path.GetFileName(child)));
        }
    }

    private string RecipePath(Digest diffId) => Path.Combine(snapshots.Root, "recipes", diffId.Algorithm, diffId.Hex + ".json");
}
