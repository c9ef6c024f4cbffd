using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// Writes a layout into a directory, adding to one that is already there: blobs present with the right size are kept,
/// and every file appears by rename, so a reader never sees half a file.
/// </summary>
internal sealed class LayoutDirectory(string root) : LayoutFiles
{
    public override void Begin()
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot create {root}: {e.Message}", e);
        }
    }

    public override void WriteBlob(Digest digest, long size, Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, OciLayout.BlobPath(digest));
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == size) return;
        Write(path, output => content.CopyTo(output));
    }

    public override void WriteFile(string path, byte[] bytes) => Write(Path.Combine(root, path), output => output.Write(bytes));

    public override byte[]? ExistingIndex()
    {
        var path = Path.Combine(root, OciLayout.IndexFile);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private static void Write(string path, Action<Stream> fill) => AtomicFile.Write(path, fill, new AtomicWriteOptions { CreateParent = true });
}
