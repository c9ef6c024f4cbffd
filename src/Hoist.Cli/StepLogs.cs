namespace Hoist.Cli;

/// <summary>
/// Every output line of every step, in one file per step under a private directory of the state dir
/// (<c>&lt;root&gt;/logs/PID-ID</c>, mode 0700: a RUN's output may hold what it should not, so it never goes to /tmp),
/// so a failed step's whole log can be named after the build however little of it the progress view showed (the tty
/// view keeps the last lines only). The logs of a successful build are deleted; a failure keeps the failed step's.
/// </summary>
public sealed class StepLogs : IDisposable
{
    /// <summary>Made on the first line logged; null when no logs are kept.</summary>
    private readonly Lazy<string>? _directory;

    public static string UnderStateRoot(string stateRoot) => Path.Combine(stateRoot, "logs");

    /// <param name="root">The directory the build's log directory is made in (the state dir's <c>logs</c>); null keeps no logs.</param>
    public StepLogs(string? root)
    {
        if (root is not null) _directory = new(() => Create(root));
    }

    private static string Create(string root)
    {
        var directory = Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(root);
        if (OperatingSystem.IsLinux()) Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else Directory.CreateDirectory(directory);
        return directory;
    }

    private readonly Dictionary<int, StreamWriter> _open = [];
    private string? _kept;

    public void Append(int step, string line)
    {
        if (_directory is null) return;
        lock (_open)
        {
            if (!_open.TryGetValue(step, out var writer))
            {
                writer = new StreamWriter(Path.Combine(_directory.Value, $"step-{step}.log"));
                _open[step] = writer;
            }
            writer.WriteLine(line);
        }
    }

    /// <summary>The complete log of <paramref name="step"/>, kept after <see cref="Dispose"/>; null when it printed nothing.</summary>
    public string? Keep(int step)
    {
        lock (_open)
        {
            if (_directory is null || !_open.TryGetValue(step, out var writer)) return null;
            writer.Flush();
            _kept = Path.Combine(_directory.Value, $"step-{step}.log");
            return _kept;
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            foreach (var writer in _open.Values) writer.Dispose();
            _open.Clear();
            if (_directory is not { IsValueCreated: true }) return;
            foreach (var file in Directory.EnumerateFiles(_directory.Value).Where(f => f != _kept)) File.Delete(file);
            if (_kept is null) Directory.Delete(_directory.Value);
        }
    }

    /// <summary>
    /// Deletes the log directories under <paramref name="root"/> of builds no longer running (a failed build's kept
    /// log, or a killed build's); returns the bytes freed. A directory whose PID is alive is a running build's.
    /// </summary>
    public static long Sweep(string root)
    {
        if (!Directory.Exists(root)) return 0;
        long freed = 0;
        foreach (var directory in new DirectoryInfo(root).EnumerateDirectories())
        {
            var pid = directory.Name.Split('-')[0];
            if (int.TryParse(pid, out var id) && Directory.Exists($"/proc/{id}")) continue;
            freed += directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            directory.Delete(recursive: true);
        }
        return freed;
    }
}
