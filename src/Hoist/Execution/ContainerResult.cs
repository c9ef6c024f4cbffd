namespace Hoist.Execution;

/// <summary>How a RUN ended: the exit code (128+signal when killed) and its last output lines, for error messages.</summary>
public sealed record ContainerResult(int ExitCode, IReadOnlyList<string> LastLines)
{
    public bool Succeeded => ExitCode == 0;
}
