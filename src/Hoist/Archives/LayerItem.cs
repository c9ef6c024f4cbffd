namespace Hoist.Archives;

/// <summary>An entry to put in a layer; a regular file's content is read from <see cref="SourcePath"/>.</summary>
public sealed record LayerItem(TarEntry Entry, string? SourcePath = null);
