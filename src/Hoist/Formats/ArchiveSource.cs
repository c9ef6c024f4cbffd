using Hoist.Content;

namespace Hoist.Formats;

/// <summary>
/// The files of an image archive (a tar) or layout (a directory), by archive-relative name. Files handed out are
/// staged: hashed and held back from the store until the importer commits them.
/// </summary>
internal abstract class ArchiveSource : IDisposable
{
    protected ArchiveSource(ContentStore store, string name)
    {
        Name = name;
        Staging = store.CreateStagingDirectory();
    }

    /// <summary>Where staged files wait until the import commits them (deleted with this source).</summary>
    protected StagingDirectory Staging { get; }

    /// <summary>The archive as users named it, for messages.</summary>
    public string Name { get; }

    public abstract bool Exists(string path);

    /// <summary>The staged file; a <see cref="HoistException"/> naming it when it is missing.</summary>
    public abstract StagedBlob Stage(string path, bool computeDiffId);

    /// <summary>A small file's bytes (JSON documents); a <see cref="HoistException"/> when missing or too large.</summary>
    public byte[] ReadSmall(string path) =>
        Stage(path, computeDiffId: false).ReadBytes()
        ?? throw new HoistException($"{Name}: {path} is larger than {StagedBlob.MaxDocumentSize >> 20} MiB, too large for a JSON document");

    public void Dispose()
    {
        DisposeStaged();
        Staging.Dispose();
    }

    /// <summary>Deletes the staged files this source handed out.</summary>
    protected abstract void DisposeStaged();

    protected HoistException Missing(string path) => new($"{Name}: {path} is missing from the archive");
}
