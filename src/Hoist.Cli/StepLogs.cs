namespace Hoist.Cli;

/// <summary>
/// Every output line of every step, in one file per step under a private directory of the state dir
/// (<c>&lt;root&gt;/logs/PID-ID</c>, mode 0700: a RUN's output may hold what it should not, so it never goes to /tmp),
/// so a failed step's whole log can be named after the build however little of it the progress view showed (the tty
/// view keeps the last lines only). The logs of a successful build are deleted; a failure keeps the failed step's.
/// </summary>
public sealed class StepLogs : IDisposable
{
    private readonly Lazy<string> _directory;
    private readonly bool _enabled;

    /// <param name="root">The directory the build's log directory is made in (the state dir's <c>logs</c>); null keeps no logs.</param>
    public StepLogs(string? root)
    {
        _enabled = root is not null;
        _directory = new(() => Create(root!));
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
        if (!_enabled) return;
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
            if (!_open.TryGetValue(step, out var writer)) return null;
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
            if (!_directory.IsValueCreated) return;
            foreach (var file in Directory.EnumerateFiles(_directory.Value).Where(f => f != _kept)) File.Delete(file);
            if (_kept is null) Directory.Delete(_directory.Value);
        }
    }
}
