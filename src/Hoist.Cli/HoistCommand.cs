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
        root.Options.Add(GlobalOptions.Root);
        root.Subcommands.Add(OutlineCommand.Create());
        root.Subcommands.Add(TargetsCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ImagesCommand.Create());
        root.Subcommands.Add(TagCommand.Create());
        root.Subcommands.Add(RmiCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(DuCommand.Create());
        root.Subcommands.Add(LoginCommand.Create(Console.In));
        root.Subcommands.Add(LogoutCommand.Create());
        root.Subcommands.Add(RunRootfsCommand.Create());
        root.Subcommands.Add(LayerCommand.Create());
        root.Subcommands.Add(PullCommand.Create());
        root.Subcommands.Add(PushCommand.Create());
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SaveCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(SbomCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(DockerAliases.Image());
        root.Subcommands.Add(DockerAliases.Builder());
        root.Subcommands.Add(VolumeCommand.Create());
        try
        {
            var parse = root.Parse(RunCommand.SeparateCommand(args));
            if (parse.Errors.Count > 0)
            {
                // One line naming the cause (an unknown flag, a missing argument), never a help dump.
                var command = string.Concat(CommandPath(parse.CommandResult).Select(name => name + " "));
                // An unknown word says so rather than "Required command was not provided"; a list of allowed values
                // ("Must be one of:" and a line each) is folded into the one line.
                var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                var message = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                stderr.WriteLine($"error: {TypeNamesSaid(message).TrimEnd('.')} (see hoist {command}--help)");
                return 1;
            }
            // Without the default handler, a HoistException from an action reaches the catch below (one line, no stack).
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (HoistException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file the command was pointed at (or meant to write) that a command did not check first: its message names
            // the path and the cause; a stack trace would only hide them.
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the library has already killed its containers and removed its mounts; 130 as a shell
            // reports an interrupted command.
            stderr.WriteLine("error: cancelled");
            return 130;
        }
    }

    /// <summary>The names of the subcommands down to <paramref name="result"/> (<c>layer create</c>), without the root's.</summary>
    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent) names.Insert(0, current.Command.Name);
        return names;
    }

    /// <summary>A value of the wrong kind in words rather than .NET's type names (<c>'System.Int64'</c>).</summary>
    private static string TypeNamesSaid(string message) => System.Text.RegularExpressions.Regex.Replace(message,
        @"as expected type '(System\.Nullable`1\[)?System\.(U?Int(16|32|64)|Double|Decimal|Single)\]?'", "as a number");
}
