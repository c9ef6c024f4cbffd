namespace Hoist.Posix;

/// <summary>
/// Finds a program named without a slash the way execvp(3) does: in the directories of PATH only. .NET's Process
/// looks in the current directory (and the application's) first, so a file named <c>env</c> or <c>runc</c> in the
/// directory Hoist was started from would be run instead, or fail as "Permission denied".
/// </summary>
public static class ProgramPath
{
    /// <summary>execvp's search path when PATH is unset.</summary>
    public const string DefaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The absolute path of <paramref name="program"/>; a name with a slash, or one found nowhere, is returned unchanged (starting it then fails naming it).</summary>
    public static string Resolve(string program, string? searchPath = null)
    {
        if (program.Length == 0 || program.Contains('/')) return program;
        var directories = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? DefaultSearchPath).Split(':');
        foreach (var directory in directories.Where(d => d.StartsWith('/')))
        {
            var candidate = Path.Combine(directory, program);
            if (IsExecutableFile(candidate)) return candidate;
        }
        return program;
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & Executable) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
