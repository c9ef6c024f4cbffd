using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>
/// Records a layer while another pass streams it (the unpack of a pulled base image): the same record a
/// <see cref="LayerWalk"/> of its blob keeps (entries, the inspectors' evidence, sizes), so the build summary replays it
/// instead of decompressing the layer a second time. The layer is recorded on its own, as records are reused by every
/// image holding the blob: a hard link to a file of a layer below gets no evidence copied from it.
/// </summary>
public sealed class LayerRecorder : ILayerEntryObserver
{
    private readonly LayerRecordCache _records;
    private readonly string _recipe;
    private readonly LayerWalk _walk;
    private long _content;

    internal LayerRecorder(LayerRecordCache records, AnalysisOptions options)
    {
        _records = records;
        _recipe = options.Recipe;
        _walk = ImageAnalyzer.NewWalk(options with { LayerRecords = null }); // records what it sees, reads none
        _walk.BeginRecording();
    }

    public void Visit(TarEntry entry, Func<Stream> openContent)
    {
        _walk.VisitRecorded(entry, openContent);
        _content += MergedFileSystem.ContentSize(entry);
    }

    /// <summary>Keeps the record of <paramref name="blob"/> (whose uncompressed stream had <paramref name="tarSize"/>
    /// bytes) and returns its sizes, once the layer is known to be what its image says.</summary>
    public LayerSize Save(Digest blob, long tarSize)
    {
        _records.Save(blob, _recipe, new LayerRecord { TarSize = tarSize, ContentSize = _content, Entries = _walk.Recorded });
        return new LayerSize(tarSize, _content);
    }
}
