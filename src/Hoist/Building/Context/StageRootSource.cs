namespace Hoist.Building.Context;

/// <summary>Another stage's unpacked root filesystem, the source of <c>COPY --from=stage</c>.</summary>
public sealed class StageRootSource(string rootDirectory, string name) : ICopySource
{
    private readonly ScopedDirectory _directory = new(rootDirectory, PathPatternSet.Empty);

    public string Name => name;

    public bool ResetsOwnership => false;

    public FileEntry? Lookup(string path, bool followFinalSymlink) => _directory.Lookup(path, followFinalSymlink);

    public IReadOnlyList<FileEntry> List(string directory) => _directory.List(directory);

    public void Prefetch(IEnumerable<string> directories) => _directory.Prefetch(directories);

    public Stream OpenRead(string path) => _directory.OpenRead(path);
}
