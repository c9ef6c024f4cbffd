namespace Hoist.Archives;

/// <summary>
/// Sees every entry of a layer while something else streams it (an unpack), so that what a reader of the layer wants
/// (its sizes, its files' metadata, a few files' contents) is learnt in the same pass, without decompressing it again.
/// </summary>
public interface ILayerEntryObserver
{
    /// <summary>Called for every tar entry, in order (whiteouts and skipped entries too). <paramref name="openContent"/>
    /// reads a regular file's content from the start (a fresh stream each call; empty for other entries); it is valid only
    /// during this call.</summary>
    void Visit(TarEntry entry, Func<Stream> openContent);
}
