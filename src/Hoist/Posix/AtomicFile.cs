namespace Hoist.Posix;

/// <summary>
/// Writes a file beside its target and renames it into place, so a failed or cancelled write never leaves a truncated
/// archive under the user's name; I/O failures become one-line <see cref="HoistException"/>s naming the file.
/// </summary>
public static class AtomicFile
{
    /// <param name="createParent">Create the target's directory first (a layout's blob folder); otherwise a missing
    /// directory is an error, as for <c>docker save -o</c>.</param>
    public static async Task WriteAsync(string path, Func<Stream, Task> write, bool createParent = false)
    {
        var temp = TempPath(path);
        try
        {
            if (createParent) Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = Create(temp))
            {
                await write(file).ConfigureAwait(false);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw new HoistException($"cannot write {path}: {e.Message}", e);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    public static void Write(string path, Action<Stream> write, bool createParent = false) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }, createParent).GetAwaiter().GetResult();

    private static string TempPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static FileStream Create(string temp) => new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
}
