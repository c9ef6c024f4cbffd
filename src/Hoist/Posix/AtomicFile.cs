namespace Hoist.Posix;

/// <summary>
/// The one temp-file-and-rename writer: a file is written under a temporary name and renamed over its target, so a
/// failed, cancelled or killed write never leaves a truncated file under the real name. With
/// <see cref="AtomicWriteOptions.Durable"/> the bytes reach the disk before the rename and the rename before the call
/// returns (fsync of the file, then of its directory): for what must survive a crash — store blobs, image names,
/// credentials. I/O failures become one-line <see cref="HoistException"/>s naming the file.
/// </summary>
public static class AtomicFile
{
    public static Task WriteAsync(string path, Func<Stream, Task> write, AtomicWriteOptions? options = null) =>
        WriteAsync(path, write, options, BufferSize);

    /// <param name="bufferSize">The file stream's buffer: none for a caller that writes its bytes in one call (the
    /// small records a build writes for each step, where a 64 KiB buffer was allocated and zeroed for a few hundred bytes).</param>
    private static async Task WriteAsync(string path, Func<Stream, Task> write, AtomicWriteOptions? options, int bufferSize)
    {
        options ??= AtomicWriteOptions.Default;
        var temp = TempPath(path, options.TempDirectory);
        try
        {
            if (options.CreateParent) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await using (var file = Create(temp, options.UnixCreateMode, bufferSize))
            {
                await write(file).ConfigureAwait(false);
                if (options.Durable) await FlushToDiskAsync(file).ConfigureAwait(false);
            }
            Replace(temp, path, options.Durable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new HoistException($"cannot write {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void Write(string path, Action<Stream> write, AtomicWriteOptions? options = null) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }, options).GetAwaiter().GetResult();

    public static void WriteAllBytes(string path, byte[] bytes, AtomicWriteOptions? options = null) =>
        WriteAsync(path, stream =>
        {
            stream.Write(bytes);
            return Task.CompletedTask;
        }, options, bufferSize: 0).GetAwaiter().GetResult();

    /// <summary>
    /// Renames a finished temporary file over <paramref name="path"/>; durable: then fsyncs the directory so the
    /// rename itself survives a crash. For writers that stream into their own temp file (the store's blob writer),
    /// which must have flushed the file's bytes to disk first.
    /// </summary>
    public static void Replace(string temp, string path, bool durable)
    {
        File.Move(temp, path, overwrite: true);
        if (durable) Native.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>A temporary name beside <paramref name="path"/> (or in <paramref name="directory"/>), ending in .tmp.</summary>
    public static string TempPath(string path, string? directory = null) =>
        Path.Combine(directory ?? Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static async Task FlushToDiskAsync(FileStream file)
    {
        await file.FlushAsync().ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    private const int BufferSize = 1 << 16;

    private static FileStream Create(string temp, UnixFileMode? mode, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
        if (mode is { } unixMode && !OperatingSystem.IsWindows()) options.UnixCreateMode = unixMode;
        return new FileStream(temp, options);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover .tmp is removed by the owner's stale-file cleanup
        }
    }
}
