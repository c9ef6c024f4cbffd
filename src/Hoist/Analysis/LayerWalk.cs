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

    public LayerWalk(IReadOnlyList<FileInspector> inspectors) => _inspectors = inspectors;

    public MergedFileSystem FileSystem { get; } = new();

    public List<LayerFigures> Layers { get; } = [];

    public async Task RunAsync(AnalysisImage image, CancellationToken cancellationToken)
    {
        for (var index = 0; index < image.Layers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptor = image.Layers[index];
            await using var blob = image.OpenLayer(descriptor);
            await using var counted = new CountingReadStream(LayerCompressionCodec.OpenRead(blob));
            var (entries, content) = ReadLayer(index, counted, image.Name, cancellationToken);
            Layers.Add(new LayerFigures(index, descriptor.Digest, descriptor.Size, counted.BytesRead, content, entries,
                index < FileSystem.WastedByLayer.Count ? FileSystem.WastedByLayer[index] : 0));
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
                var node = FileSystem.Apply(index, entry);
                if (node is not null) Inspect(node, entry, reader);
            }
            tar.CopyTo(Stream.Null); // the end-of-archive blocks count towards the tar's size
        }
        catch (TarFormatException e)
        {
            throw new HoistException($"{imageName}: layer {index + 1}: {e.Message}", e);
        }
        return (entries, content);
    }

    private void Inspect(FileNode node, TarEntry entry, TarArchiveReader reader)
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
            Add(node, wanting[0].Inspect(path, entry, reader.OpenContent()));
            return;
        }
        var bytes = new byte[entry.Size];
        reader.OpenContent().ReadExactly(bytes);
        foreach (var inspector in wanting) Add(node, inspector.Inspect(path, entry, new MemoryStream(bytes, writable: false)));
    }

    private static void Add(FileNode node, FileEvidence? evidence)
    {
        if (evidence is not null) node.AddEvidence(evidence);
    }
}
