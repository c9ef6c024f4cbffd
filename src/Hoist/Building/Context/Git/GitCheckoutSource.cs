namespace Hoist.Building.Context.Git;

/// <summary>A checked-out git source as something COPY reads: scoped like any source (a symlink in the repository can
/// never lead out of it) and, like the build context, owned by root unless <c>--chown</c> says otherwise.</summary>
public sealed class GitCheckoutSource(GitCheckout checkout, string name) : ICopySource
{
    private readonly ScopedDirectory _directory = new(checkout.Directory, PathPatternSet.Empty);

    public string Name => name;

    public bool ResetsOwnership => true;

    public FileEntry? Lookup(string path, bool followFinalSymlink) => _directory.Lookup(path, followFinalSymlink);

    public IReadOnlyList<FileEntry> List(string directory) => _directory.List(directory);

    public Stream OpenRead(string path) => _directory.OpenRead(path);
}
