namespace Hoist.Posix;

/// <summary>
/// A file the user names as an output (<c>-o type=tar,dest=FILE</c>, <c>hoist save -o FILE</c>): a regular file, or a
/// missing one, is written with <see cref="AtomicFile"/>; a symlink is written through, at the file it points to; a
/// device, FIFO or socket (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe) is opened and written in place, as
/// docker does. Before, the rename put a regular file in place of such a node: <c>dest=/dev/full</c> replaced the
/// machine's /dev/full with the archive.
/// </summary>
public static class DestinationFile
{
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        var target = Resolve(path);
        var status = Native.LStat(target);
        if (status is { IsDirectory: true }) throw new HoistException($"{path}: is a directory, not a file");
        if (status is null || status.Value.IsRegular)
        {
            await AtomicFile.WriteAsync(target, write).ConfigureAwait(false);
            return;
        }
        try
        {
            await using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1 << 16);
            await write(stream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot write {path}: {e.Message}", e);
        }
    }

    public static void Write(string path, Action<Stream> write) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>The absolute path, with a final symlink (chain) followed to what it names.</summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (Native.LStat(full) is not { IsSymlink: true }) return full;
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException e)
        {
            throw new HoistException($"cannot write {path}: {e.Message}", e);
        }
    }
}
