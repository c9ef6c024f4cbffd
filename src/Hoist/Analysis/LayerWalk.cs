using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// Streams an image's layers in order through the tar reader, decompressing as it goes, into a
/// <see cref="MergedFileSystem"/>, and offers file contents to the inspectors that want them. Memory holds the merged
/// metadata and the inspectors' findings, never a layer or a large file.
/// </summary>
public sealed class LayerWalk
{
    /// <summary>A file wanted by several inspectors is read into memory once when it is at most this big.</summary>
    private const int SharedReadLimit = 32 << 20;

    private readonly IReadOnlyList<FileInspector> _inspectors;
    private readonly LayerRecordCache? _records;
    private readonly string _recipe;
    private List<RecordedEntry>? _recording;

    /// <param name="inspectors">What looks into file contents.</param>
    /// <param name="records">Where walks are kept and replayed from; null: every layer is read.</param>
    /// <param name="recipe">Names the inspector set in the records (a walk with other inspectors learns other things).</param>
    public LayerWalk(IReadOnlyList<FileInspector> inspectors, LayerRecordCache? records = null, string recipe = "")
    {
        _inspectors = inspectors;
        _records = records;
        _recipe = recipe;
    }

    public MergedFileSystem FileSystem { get; } = new();

    public List<LayerFigures> Layers { get; } = [];

    public Task RunAsync(AnalysisImage image, CancellationToken cancellationToken) => RunAsync(image, 0, cancellationToken);

    /// <summary>Walks the layers of <paramref name="image"/> from index <paramref name="first"/> on: this walk has
    /// been run over the ones before (a <see cref="StartedWalk"/> being continued).</summary>
    public async Task RunAsync(AnalysisImage image, int first, CancellationToken cancellationToken)
    {
        for (var index = first; index < image.Layers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptor = image.Layers[index];
            if (_records?.TryLoad(descriptor.Digest, _recipe) is { } record)
            {
                Replay(index, record);
                Add(index, descriptor, record.TarSize, record.ContentSize, record.Entries.Count);
                continue;
            }
            _recording = _records is null ? null : [];
            var files = image.Files(descriptor);
            var (tarSize, entries, content) = files is not null
                ? WalkFiles(index, descriptor, files, cancellationToken)
                : await ReadBlobAsync(index, image, descriptor, cancellationToken).ConfigureAwait(false);
            Add(index, descriptor, tarSize, content, entries);
            // A small layer kept unpacked is walked again rather than recorded; a blob's walk is always kept (walking it
            // again means reading and decompressing it).
            if (_recording is not null && (files is null || _recording.Count >= _records!.SmallestWalkRecorded))
            {
                _records!.Save(descriptor.Digest, _recipe, new LayerRecord { TarSize = tarSize, ContentSize = content, Entries = _recording });
            }
        }
    }

    private async Task<(long TarSize, int Entries, long Content)> ReadBlobAsync(int index, AnalysisImage image, Oci.Descriptor descriptor,
        CancellationToken cancellationToken)
    {
        await using var blob = image.OpenLayer(descriptor);
        await using var counted = new CountingReadStream(new ReadAheadStream(LayerCompressionCodec.OpenRead(blob)));
        var (entries, content) = ReadLayer(index, counted, image.Name, cancellationToken);
        return (counted.BytesRead, entries, content);
    }

    /// <summary>A layer kept unpacked: the same entries its tar would give, and only the files an inspector wants are
    /// read (its descriptor is the uncompressed tar, so that is its tar size).</summary>
    private (long TarSize, int Entries, long Content) WalkFiles(int index, Oci.Descriptor descriptor, IEnumerable<LayerItem> files,
        CancellationToken cancellationToken)
    {
        var entries = 0;
        long content = 0;
        foreach (var file in files)
        {
            if ((++entries & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var entry = file.Entry.Type == TarEntryType.Regular ? file.Entry : file.Entry with { Size = 0 };
            Visit(index, entry, () => OpenFile(file));
            content += MergedFileSystem.ContentSize(entry);
        }
        return (descriptor.Size, entries, content);
    }

    private static Stream OpenFile(LayerItem file)
    {
        if (file.Entry.Size == 0) return Stream.Null;
        var path = file.SourcePath ?? throw new HoistException($"layer item \"{file.Entry.Name}\" has no content source");
        try
        {
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{path}: {e.Message}", e);
        }
    }

    private void Add(int index, Oci.Descriptor descriptor, long tarSize, long content, int entries) =>
        Layers.Add(new LayerFigures(index, descriptor.Digest, descriptor.Size, tarSize, content, entries,
            index < FileSystem.WastedByLayer.Count ? FileSystem.WastedByLayer[index] : 0));

    /// <summary>Applies a recorded walk: the same entries in the same order, the evidence attached as the inspectors found it.</summary>
    private void Replay(int index, LayerRecord record)
    {
        foreach (var recorded in record.Entries)
        {
            if (FileSystem.Apply(index, recorded.ToTarEntry()) is not { } node || recorded.Evidence is null) continue;
            foreach (var evidence in recorded.Evidence) node.AddEvidence(evidence);
        }
    }

    private (int Entries, long Content) ReadLayer(int index, CountingReadStream tar, string imageName, CancellationToken cancellationToken)
    {
        var entries = 0;
        long content = 0;
        try
        {
            using var reader = new TarArchiveReader(tar, leaveOpen: true);
            while (reader.ReadNext() is { } entry)
            {
                if ((++entries & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                content += MergedFileSystem.ContentSize(entry);
                Visit(index, entry, reader.OpenContent);
            }
            tar.CopyTo(Stream.Null); // the end-of-archive blocks count towards the tar's size
        }
        catch (TarFormatException e)
        {
            throw new HoistException($"{imageName}: layer {index + 1}: {e.Message}", e);
        }
        return (entries, content);
    }

    /// <summary>Starts a record of one layer shown entry by entry by another reader (see <see cref="LayerRecorder"/>).</summary>
    internal void BeginRecording() => _recording = [];

    /// <summary>One entry of the layer being recorded, as <see cref="RunAsync"/> would visit it in the blob.</summary>
    internal void VisitRecorded(TarEntry entry, Func<Stream> openContent) => Visit(0, entry, openContent);

    /// <summary>The entries recorded since <see cref="BeginRecording"/>.</summary>
    internal IReadOnlyList<RecordedEntry> Recorded => _recording ?? [];

    private void Visit(int index, TarEntry entry, Func<Stream> openContent)
    {
        var node = FileSystem.Apply(index, entry);
        if (node is not null) Inspect(node, entry, openContent);
        _recording?.Add(RecordedEntry.From(entry, node?.EvidenceList));
    }

    private void Inspect(FileNode node, TarEntry entry, Func<Stream> openContent)
    {
        if (entry.Type == TarEntryType.HardLink)
        {
            // Same content as its target, which an earlier entry of this layer has already been inspected as.
            if (FileSystem.Find(entry.LinkTarget) is { } target) foreach (var evidence in target.Evidence) node.AddEvidence(evidence);
            return;
        }
        if (entry.Type != TarEntryType.Regular || _inspectors.Count == 0) return;
        var path = node.Path;
        var wanting = _inspectors.Where(i => i.Wants(path, entry)).ToList();
        if (wanting.Count == 0) return;
        if (wanting.Count == 1 || entry.Size > SharedReadLimit)
        {
            using var content = openContent();
            Add(node, wanting[0].Inspect(path, entry, content));
            return;
        }
        var bytes = new byte[entry.Size];
        using (var content = openContent()) content.ReadExactly(bytes);
        foreach (var inspector in wanting) Add(node, inspector.Inspect(path, entry, new MemoryStream(bytes, writable: false)));
    }

    private static void Add(FileNode node, FileEvidence? evidence)
    {
        if (evidence is not null) node.AddEvidence(evidence);
    }
}
