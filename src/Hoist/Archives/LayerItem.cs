namespace Hoist.Archives;

/// <summary>An entry to put in a layer; a regular file's content is read from <see cref="SourcePath"/>, or from
/// <see cref="OpenContent"/> when it comes from another archive (read in order, once).</summary>
public sealed record LayerItem(TarEntry Entry, string? SourcePath = null)
{
    public Func<Stream>? OpenContent { get; init; }
}
