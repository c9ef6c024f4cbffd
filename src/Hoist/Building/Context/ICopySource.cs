namespace Hoist.Building.Context;

/// <summary>
/// Where COPY/ADD read from: the build context, or another stage's root filesystem (<c>--from</c>). Every path is
/// relative to the source root and can never leave it: <c>..</c> stops at the root, and symlinks met on the way are
/// resolved as if the root were <c>/</c>.
/// </summary>
public interface ICopySource
{
    /// <summary>A short name for messages ("context", "stage builder").</summary>
    string Name { get; }

    /// <summary>
    /// True when copied entries must be owned by 0:0 unless <c>--chown</c> says otherwise: the docker CLI and buildx
    /// reset the owner of every context file they send, while a stage's files keep theirs.
    /// </summary>
    bool ResetsOwnership { get; }

    /// <summary>
    /// Resolves <paramref name="path"/> inside the root and returns what is there, or null when nothing (visible) is.
    /// Symlinks in parent components are always followed within the root; the final component is followed only
    /// when <paramref name="followFinalSymlink"/> is true. The returned entry's Path is the resolved location.
    /// </summary>
    FileEntry? Lookup(string path, bool followFinalSymlink);

    /// <summary>The visible children of a directory, sorted by name (ordinal). The path is resolved like
    /// <see cref="Lookup"/> with the final symlink followed.</summary>
    IReadOnlyList<FileEntry> List(string directory);

    /// <summary>Hints that <see cref="List"/> will soon be called for these directories (resolved paths of listed
    /// entries), in this order, so a source may list them ahead on other threads. Changes no result.</summary>
    void Prefetch(IEnumerable<string> directories)
    {
    }

    /// <summary>Opens a regular file for reading, resolved like <see cref="Lookup"/> with the final symlink followed.</summary>
    Stream OpenRead(string path);
}
