using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// Looks into the content of some files while a layer streams past. <see cref="Wants"/> must decide from the path and
/// the header alone; <see cref="Inspect"/> gets the content once (it need not read all of it).
/// </summary>
public abstract class FileInspector
{
    /// <summary><paramref name="path"/> is absolute (<c>/etc/passwd</c>); only regular files are offered.</summary>
    public abstract bool Wants(string path, TarEntry entry);

    public abstract FileEvidence? Inspect(string path, TarEntry entry, Stream content);
}
