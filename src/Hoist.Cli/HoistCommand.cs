using System.CommandLine;

namespace Hoist.Cli;

/// <summary>The <c>hoist</c> root command: argument parsing only; work happens in the library.</summary>
public static class HoistCommand
{
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("Hoist: a daemonless, multi-stage OCI image builder");
        root.Subcommands.Add(LayerCommand.Create());
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (HoistException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
