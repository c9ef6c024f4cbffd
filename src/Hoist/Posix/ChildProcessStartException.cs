namespace Hoist.Posix;

/// <summary>The program could not be started (not found, not executable).</summary>
public sealed class ChildProcessStartException(string program, Exception inner)
    : HoistException($"cannot run {program}: {inner.Message}", inner)
{
    public string Program { get; } = program;
}
