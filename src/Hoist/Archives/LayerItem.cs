namespace Hoist.Archives;

/// <summary>An entry to put in a layer; a regular file's content is read from <see cref="SourcePath"/>, or from
/// <see cref="OpenContent"/> when it comes from another archive (read in order, once).</summary>
public sealed record LayerItem(TarEntry Entry, string? SourcePath = null)
{
    public Func<Stream>? OpenContent { get; init; }

    /// <summary>The sub-second part of the file's own modification time when it was read from a file system (a tar keeps
    /// whole seconds): SOURCE_DATE_EPOCH rewriting tells a time a build wrote from a source file's by it.</summary>
    public uint? MtimeNanoseconds { get; init; }
}
