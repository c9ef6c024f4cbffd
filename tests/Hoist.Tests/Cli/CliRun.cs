using Hoist.Cli;

namespace Hoist.Tests.Cli;

/// <summary>The outcome of one in-process <c>hoist</c> invocation.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>hoist --root ROOT args…</c> in-process with captured output.</summary>
    public static CliRun WithRoot(string root, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = HoistCommand.Run([.. args, "--root", root], output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
