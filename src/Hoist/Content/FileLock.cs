namespace Hoist.Content;

/// <summary>
/// An advisory lock on a file, shared or exclusive, between processes and within one. On Linux .NET takes a
/// <c>flock</c> when it opens a file: <see cref="FileShare.None"/> takes LOCK_EX, any other share mode LOCK_SH, both
/// non-blocking; a conflict surfaces as an <see cref="IOException"/>, so waiting is a retry with back-off. The kernel
/// drops the lock when the process dies, so a killed holder never leaves the store locked.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static FileLock? TryAcquire(string path, bool exclusive)
    {
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                exclusive ? FileShare.None : FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None));
        }
        catch (IOException e) when (IsContention(e))
        {
            return null;
        }
    }

    public static async Task<FileLock> AcquireAsync(string path, bool exclusive, CancellationToken cancellationToken = default)
    {
        var delay = 1;
        while (true)
        {
            var acquired = TryAcquire(path, exclusive);
            if (acquired is not null) return acquired;
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }

    public static FileLock Acquire(string path, bool exclusive, CancellationToken cancellationToken = default) =>
        AcquireAsync(path, exclusive, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// EWOULDBLOCK from flock: .NET reports it as a sharing violation (Windows' ERROR_SHARING_VIOLATION, 32, in the
    /// HResult's low word). Any other I/O error is real and must not be retried forever.
    /// </summary>
    internal static bool IsContention(IOException e) =>
        e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException
        && (e.HResult & 0xFFFF) is 32 or 11;

    public void Dispose() => _stream.Dispose();
}
