using System.IO.Pipelines;
using Hoist.Archives;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Keeps a step's output as a snapshot layer (see <see cref="SnapshotLayers"/>): no blob is written, the tar is only
/// hashed. Each method returns null when the output cannot be kept that way (a copy snapshot; the same layer already
/// unpacked from a blob; files that would not give the same tar back) and the caller writes the blob as before.
/// <paramref name="observe"/> sees every entry of the layer (for its size).
/// </summary>
public sealed class SnapshotLayerWriter(SnapshotLayers layers, long? sourceDateEpoch, Action<TarEntry>? observe = null)
{
    private LayerWriteOptions TarOptions => new() { Compression = LayerCompression.None, SourceDateEpoch = sourceDateEpoch, OnlyCapabilityXattr = true };

    /// <summary>A RUN's overlay upper directory becomes the layer (moved, not copied).</summary>
    public async Task<ImageLayer?> KeepRunAsync(IRunSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.UpperPath is not { } upper) return null;
        var omitted = new List<string>();
        var items = OverlayChanges.WithoutCopiedUpDirectories(upper, snapshot.LowerDirs, omitted, TarOptions);
        // Durable before it is the layer: the RUN's files reach the disk (the syncfs that unmounting the overlay did before
        // it was volatile) while the tar is hashed from the page cache, rather than before.
        var durable = Task.Run(() => Native.SyncFileSystem(upper), CancellationToken.None);
        LayerBlob tar;
        try
        {
            tar = await Task.Run(() => LayerWriter.Write(Observed(items), Stream.Null, TarOptions, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await durable.ConfigureAwait(false);
        }
        var recipe = SnapshotLayerRecipe.ForBuild(sourceDateEpoch, omitted);
        if (!await layers.PublishAsync(upper, tar.DiffId, recipe, cancellationToken).ConfigureAwait(false)) return null;
        return new ImageLayer(SnapshotLayers.Descriptor(tar), tar.DiffId);
    }

    /// <summary>
    /// A COPY's (or WORKDIR's) items are written as files into a new snapshot directory, the tar streaming from the
    /// writer to the (safe) applier through memory and hashed on the way. <paramref name="lowersTopFirst"/> give the
    /// directories the layer only implies their mode and owner, as when a layer is unpacked onto its parent.
    /// </summary>
    public async Task<ImageLayer?> KeepItemsAsync(IReadOnlyList<LayerItem> items, IReadOnlyList<string> lowersTopFirst,
        CancellationToken cancellationToken)
    {
        var temp = Path.Combine(layers.Snapshots.Root, "tmp", $"items-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var (tar, implicitDirectories) = await Task.Run(() => WriteThrough(items, temp, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            LayerDirectories.InheritImplicitDirectories(temp, implicitDirectories, [.. lowersTopFirst]);
            var recipe = SnapshotLayerRecipe.ForBuild(sourceDateEpoch, implicitDirectories);
            if (!SameEntries(items, SnapshotLayers.ItemsOf(temp, recipe))) return null;
            if (!await layers.PublishAsync(temp, tar.DiffId, recipe, cancellationToken).ConfigureAwait(false)) return null;
            return new ImageLayer(SnapshotLayers.Descriptor(tar), tar.DiffId);
        }
        finally
        {
            SnapshotStore.DeleteTree(temp);
        }
    }

    private (LayerBlob Tar, IReadOnlyList<string> ImplicitDirectories) WriteThrough(IReadOnlyList<LayerItem> items, string directory,
        CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var writing = Task.Run(() =>
        {
            try
            {
                LayerBlob tar;
                using (var output = pipe.Writer.AsStream(leaveOpen: true)) tar = LayerWriter.Write(Observed(items), output, TarOptions, cancellationToken);
                pipe.Writer.Complete();
                return tar;
            }
            catch (Exception e)
            {
                pipe.Writer.Complete(e);
                throw;
            }
        }, cancellationToken);
        var options = new LayerApplyOptions
        {
            Devices = Native.IsRoot ? DeviceNodePolicy.Create : DeviceNodePolicy.Skip,
            Whiteouts = WhiteoutStyle.Overlay,
            // The tar holds whole seconds; the snapshot's files keep the nanoseconds, as BuildKit's do.
            SubsecondMtimes = LayerApplyOptions.SubsecondMtimesOf(items.Select(TarOptions.Rewritten)),
        };
        try
        {
            using var input = pipe.Reader.AsStream();
            var applied = LayerApplier.Apply(input, directory, options, cancellationToken);
            return (writing.GetAwaiter().GetResult(), applied.ImplicitDirectories);
        }
        catch when (!writing.IsCompletedSuccessfully)
        {
            pipe.Reader.Complete();
            writing.GetAwaiter().GetResult(); // the writer's failure is the cause; rethrown as it is
            throw;
        }
    }

    /// <summary>True when the directory gives back exactly the entries written (so its tar is the same bytes).</summary>
    private bool SameEntries(IEnumerable<LayerItem> written, IEnumerable<LayerItem> walked)
    {
        var options = TarOptions;
        using var left = written.GetEnumerator();
        using var right = walked.GetEnumerator();
        while (true)
        {
            var more = left.MoveNext();
            if (more != right.MoveNext()) return false;
            if (!more) return true;
            if (!SameHeader(options.Rewritten(left.Current), right.Current.Entry)) return false;
        }
    }

    private static bool SameHeader(TarEntry a, TarEntry b) =>
        a with { Xattrs = TarEntry.EmptyXattrs } == b with { Xattrs = TarEntry.EmptyXattrs }
        && a.Xattrs.Count == b.Xattrs.Count
        && a.Xattrs.All(x => b.Xattrs.TryGetValue(x.Key, out var value) && value.AsSpan().SequenceEqual(x.Value));

    private IEnumerable<LayerItem> Observed(IEnumerable<LayerItem> items)
    {
        foreach (var item in items)
        {
            observe?.Invoke(item.Entry);
            yield return item;
        }
    }
}
