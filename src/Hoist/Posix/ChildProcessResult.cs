namespace Hoist.Posix;

/// <summary>How a program ended and what it printed (lines joined with \n).</summary>
public sealed record ChildProcessResult(int ExitCode, string Output, string Error);
