using Hoist.Oci;

namespace Hoist.Archives;

public sealed record LayerApplyResult(int Entries, int Whiteouts, int SkippedDevices, int XattrsNotApplied)
{
    /// <summary>The sha256 of the whole uncompressed stream: what the image config's diffID for this layer must be.</summary>
    public Digest DiffId { get; init; }

    /// <summary>Bytes in the uncompressed stream (the tar, padding included).</summary>
    public long TarSize { get; init; }

    /// <summary>
    /// Directories the applier had to create because the layer named something inside them without an entry of their
    /// own (relative to the root, parents first). Unpacked alone, such a directory should look like the one below it.
    /// </summary>
    public IReadOnlyList<string> ImplicitDirectories { get; init; } = [];
}
