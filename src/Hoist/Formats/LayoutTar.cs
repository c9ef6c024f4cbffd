using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// Writes a layout as a tar with <see cref="PaxTarWriter"/>: fixed owner, modes and a zero mtime, so the same images
/// always give the same bytes.
/// </summary>
internal sealed class LayoutTar(Stream output) : LayoutFiles
{
    private readonly PaxTarWriter _writer = new(output, leaveOpen: true);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public override void Begin() => Directory(OciLayout.BlobsDirectory);

    public override void WriteBlob(Digest digest, long size, Stream content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory($"{OciLayout.BlobsDirectory}/{digest.Algorithm}");
        _writer.WriteEntry(File(OciLayout.BlobPath(digest), size), content);
    }

    public override void WriteFile(string path, byte[] bytes)
    {
        using var content = new MemoryStream(bytes, writable: false);
        _writer.WriteEntry(File(path, bytes.Length), content);
    }

    public override void Finish()
    {
        _writer.Finish();
        output.Flush();
    }

    private void Directory(string path)
    {
        if (!_directories.Add(path)) return;
        _writer.WriteEntry(new TarEntry { Name = path, Type = TarEntryType.Directory, Mode = 0x1ED });
    }

    private static TarEntry File(string path, long size) => new() { Name = path, Type = TarEntryType.Regular, Mode = 0x1A4, Size = size };
}
