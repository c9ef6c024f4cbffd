using System.Globalization;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// One Hoist process's scratch space, always under the state directory (<c>snapshots/runs/PID-ID</c>): RUN bundles and
/// snapshots, writable copies of bind mounts, downloads, and a tmpfs of its own for secrets, so a secret never touches
/// a disk and everything a killed process leaves is in one place that <see cref="IsOwnerAlive"/> lets a later process
/// recognise and sweep. The owner is recorded as pid plus process start time, so a reused pid is not mistaken for it.
/// </summary>
public sealed class ScratchSpace : IDisposable
{
    private const string OwnerFileName = "owner";
    private const string SecretsName = "secrets";

    /// <summary>Where secrets go when no tmpfs can be mounted: /dev/shm, in a directory named after this space.</summary>
    public const string SharedMemoryRoot = "/dev/shm";

    private readonly Lock _lock = new();
    private readonly Lock _making = new();
    private readonly string _runsPath;
    private readonly string _path;
    private bool _made;
    private string? _secrets;
    private bool _secretsMounted;

    private ScratchSpace(string runsPath, string path)
    {
        _runsPath = runsPath;
        _path = path;
    }

    /// <summary>The space's directory, made (with its owner file) when first asked for: a build of cache hits makes and
    /// removes nothing.</summary>
    public string Path
    {
        get
        {
            lock (_making)
            {
                if (_made) return _path;
                Directory.CreateDirectory(_runsPath);
                CreatePrivateDirectory(_path);
                WriteOwner(_path);
                _made = true;
                return _path;
            }
        }
    }

    public static ScratchSpace Create(string runsPath) =>
        new(runsPath, System.IO.Path.Combine(runsPath, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]));

    /// <summary>A new empty directory (mode 0700) for one job; removed with the space if not before.</summary>
    public string NewDirectory(string prefix)
    {
        var path = System.IO.Path.Combine(Path, prefix + Guid.NewGuid().ToString("N")[..16]);
        CreatePrivateDirectory(path);
        return path;
    }

    /// <summary>A new empty directory in memory (the space's tmpfs, or /dev/shm when mounting is not allowed) for secrets.</summary>
    public string NewSecretDirectory()
    {
        lock (_lock)
        {
            _secrets ??= OpenSecrets();
        }
        var path = System.IO.Path.Combine(_secrets, Guid.NewGuid().ToString("N")[..16]);
        CreatePrivateDirectory(path);
        return path;
    }

    private string OpenSecrets()
    {
        var path = System.IO.Path.Combine(Path, SecretsName);
        CreatePrivateDirectory(path);
        const ulong noSuidNoDevNoExec = 2 | 4 | 8;
        if (Native.Mount("tmpfs", path, "tmpfs", noSuidNoDevNoExec, "mode=0700,size=64m") == 0)
        {
            _secretsMounted = true;
            return path;
        }
        var shared = System.IO.Path.Combine(SharedMemoryRoot, "hoist-" + System.IO.Path.GetFileName(Path));
        CreatePrivateDirectory(shared);
        WriteOwner(shared);
        return shared;
    }

    public void Dispose()
    {
        lock (_making)
        {
            if (!_made) return;
        }
        if (_secretsMounted) Native.Unmount(System.IO.Path.Combine(_path, SecretsName));
        else if (_secrets is not null) DeleteTree(_secrets);
        DeleteTree(_path);
    }

    /// <summary>
    /// Whether the process that made <paramref name="directory"/> (named <c>PID-…</c> or <c>hoist-PID-…</c>) still runs:
    /// its pid exists and started when the owner file says. Without an owner file only the pid is checked.
    /// </summary>
    public static bool IsOwnerAlive(string directory)
    {
        var name = System.IO.Path.GetFileName(directory.TrimEnd('/'));
        if (name.StartsWith("hoist-", StringComparison.Ordinal)) name = name["hoist-".Length..];
        var dash = name.IndexOf('-');
        if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return true;
        var started = StartTime(pid);
        if (started is null) return false;
        var owner = System.IO.Path.Combine(directory, OwnerFileName);
        try
        {
            return File.ReadAllText(owner).Trim() == started;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
    }

    /// <summary>The start time of a process (clock ticks after boot, /proc/PID/stat field 22); null when it is gone.</summary>
    internal static string? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 ? fields[19] : null;
    }

    private static void WriteOwner(string directory) =>
        File.WriteAllText(System.IO.Path.Combine(directory, OwnerFileName), StartTime(Environment.ProcessId) ?? "");

    private static void CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        Native.SetMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    internal static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }
}
