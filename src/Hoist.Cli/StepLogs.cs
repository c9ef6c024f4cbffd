using System.Text;

namespace Hoist.Cli;

/// <summary>
/// Every output line of every step, in one file per step under a private directory of the state dir
/// (<c>&lt;root&gt;/logs/PID-ID</c>, mode 0700: a RUN's output may hold what it should not, so it never goes to /tmp),
/// so a failed step's whole log can be named after the build however little of it the progress view showed (the tty
/// view keeps the last lines only). A step's first <see cref="MemoryLimit"/> characters stay in memory and reach the
/// file only if it grows past them or is kept. The logs of a successful build are deleted; a failure keeps the failed
/// step's.
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

    /// <summary>How much of one step's log stays in memory before it goes to its file: most steps print a line or
    /// two, and a file made and deleted per step cost a build of cache hits more than the rest of its logging.</summary>
    public const int MemoryLimit = 64 * 1024;

    private readonly Dictionary<int, StepLog> _open = [];
    private string? _kept;

    public void Append(int step, string line)
    {
        if (_directory is null) return;
        lock (_open)
        {
            if (!_open.TryGetValue(step, out var log)) _open[step] = log = new StepLog();
            log.Append(line, () => FileOf(step));
        }
    }

    /// <summary>The complete log of <paramref name="step"/>, kept after <see cref="Dispose"/>; null when it printed nothing.</summary>
    public string? Keep(int step)
    {
        lock (_open)
        {
            if (_directory is null || !_open.TryGetValue(step, out var log)) return null;
            _kept = FileOf(step);
            log.Flush(() => _kept);
            return _kept;
        }
    }

    private string FileOf(int step) => Path.Combine(_directory!.Value, $"step-{step}.log");

    public void Dispose()
    {
        lock (_open)
        {
            foreach (var log in _open.Values) log.Dispose();
            _open.Clear();
            if (_directory is not { IsValueCreated: true }) return;
            foreach (var file in Directory.EnumerateFiles(_directory.Value).Where(f => f != _kept)) File.Delete(file);
            if (_kept is null) Directory.Delete(_directory.Value);
        }
    }

    /// <summary>One step's lines: in memory up to <see cref="MemoryLimit"/>, then in its file (made when first needed).</summary>
    private sealed class StepLog : IDisposable
    {
        private StringBuilder? _memory = new();
        private StreamWriter? _file;

        public void Append(string line, Func<string> path)
        {
            if (_memory is not null)
            {
                _memory.Append(line).Append('\n');
                if (_memory.Length <= MemoryLimit) return;
                Spill(path);
                return;
            }
            _file!.WriteLine(line);
        }

        /// <summary>Everything logged so far in the file.</summary>
        public void Flush(Func<string> path)
        {
            if (_memory is not null) Spill(path);
            _file!.Flush();
        }

        private void Spill(Func<string> path)
        {
            _file = new StreamWriter(path()) { NewLine = "\n" };
            _file.Write(_memory);
            _memory = null;
        }

        public void Dispose() => _file?.Dispose();
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
