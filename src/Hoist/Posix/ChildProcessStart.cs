using System.Diagnostics;

namespace Hoist.Posix;

/// <summary>What <see cref="ChildProcess"/> runs and how.</summary>
public sealed record ChildProcessStart(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Written to the program's stdin, which is then closed; null: stdin is closed at once.</summary>
    public string? Input { get; init; }

    /// <summary>How long the program may run before it is stopped and <see cref="TimeoutException"/> thrown.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Each line of output as it arrives (text, whether it came from stderr); when set, the result's
    /// Output and Error stay empty.</summary>
    public Action<string, bool>? OnLine { get; init; }

    /// <summary>The program shares this process's stdin, stdout and stderr (an interactive container); nothing is read
    /// or collected, and <see cref="Input"/> and <see cref="OnLine"/> are unused.</summary>
    public bool InheritStdio { get; init; }

    /// <summary>How to stop the program on cancellation or timeout (runc's container must be killed through runc);
    /// the process tree is killed afterwards if it is still running. Null: kill the process tree.</summary>
    public Func<Process, Task>? Stop { get; init; }

    /// <summary>The program's whole environment; null: it inherits Hoist's. A program that must not read the user's
    /// configuration (git fetching a build source) gets only what is listed here.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where the program starts; null: Hoist's working directory.</summary>
    public string? WorkingDirectory { get; init; }
}
