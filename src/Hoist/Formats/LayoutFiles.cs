using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>Where <see cref="ArchiveSink"/> puts a layout's files: a directory or a tar stream.</summary>
internal abstract class LayoutFiles
{
    /// <summary>Copies a blob to <c>blobs/ALG/HEX</c>; <paramref name="content"/> supplies exactly <paramref name="size"/> bytes.</summary>
    public abstract void WriteBlob(Digest digest, long size, Stream content, CancellationToken cancellationToken);

    public abstract void WriteFile(string path, byte[] bytes);

    /// <summary>The <c>index.json</c> already there (a directory saved into before), to add to rather than replace.</summary>
    public virtual byte[]? ExistingIndex() => null;

    /// <summary>Called once before the first blob.</summary>
    public virtual void Begin() { }

    /// <summary>Called once after the last file.</summary>
    public virtual void Finish() { }
}
