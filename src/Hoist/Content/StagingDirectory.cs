namespace Hoist.Content;

/// <summary>
/// A private directory under the store's ingest area for files an import holds before it knows which it keeps (an
/// archive read in one pass names its images only at the end). Staged files are closed, so they cost neither memory
/// nor descriptors however many there are. The directory is locked while it lives, so
/// <see cref="ContentStore.CleanStaleIngests"/> removes only those of dead processes; disposing deletes it.
/// </summary>
public sealed class StagingDirectory : IDisposable
{
    internal const string Prefix = "staging-";
    internal const string LockFileName = ".lock";

    private readonly FileLock _lock;
    private int _files;

    internal StagingDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        _lock = FileLock.TryAcquire(System.IO.Path.Combine(path, LockFileName), exclusive: true)
            ?? throw new HoistException($"cannot lock the staging directory {path}");
    }

    public string Path { get; }

    /// <summary>A fresh file name in the directory (the file does not exist yet).</summary>
    public string NewFilePath() => System.IO.Path.Combine(Path, $"{Interlocked.Increment(ref _files)}.staged");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left for the next store open to sweep: the lock goes with this process
        }
        _lock.Dispose();
    }
}
