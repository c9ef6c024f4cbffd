using System.Text;
using System.Text.RegularExpressions;
using Hoist.Execution;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Dispatch;

/// <summary>
/// Turns a RUN command line into process arguments as BuildKit's dockerfile2llb does. Exec form runs as written; shell
/// form runs through SHELL (default <c>/bin/sh -c</c>). With heredocs: <c>RUN &lt;&lt;EOF</c> alone runs the body, either as a
/// script through the shell or, when it starts with <c>#!</c>, as an executable file at <c>/dev/pipes/NAME</c>; any other
/// command gets its heredoc bodies appended after it for the shell to read.
/// </summary>
public static partial class RunCommandBuilder
{
    public static IReadOnlyList<string> DefaultShell { get; } = ["/bin/sh", "-c"];

    public static RunCommand Build(CommandLine command, IReadOnlyList<string>? shell = null, IReadOnlyList<Heredoc>? heredocs = null)
    {
        shell = shell is { Count: > 0 } ? shell : DefaultShell;
        heredocs ??= [];
        if (!command.IsShellForm)
        {
            if (heredocs.Count > 0)
                throw new HoistException($"parsing produced an invalid run command: [{string.Join(' ', command.Args)}]");
            return new RunCommand(command.Args, []);
        }
        if (command.Args.Count != 1)
            throw new HoistException($"parsing produced an invalid run command: [{string.Join(' ', command.Args)}]");

        var text = command.Args[0];
        var files = new List<InlineFile>();
        if (heredocs.Count > 0)
        {
            if (IsSingleHeredoc(text))
            {
                var body = heredocs[0];
                if (body.Content.StartsWith("#!", StringComparison.Ordinal))
                {
                    var path = "/dev/pipes/" + body.Name;
                    files.Add(new InlineFile(path, body.Content, (UnixFileMode)0b111_101_101));
                    text = path;
                }
                else
                {
                    text = body.Content;
                }
            }
            else
            {
                var full = new StringBuilder(text);
                foreach (var heredoc in heredocs) full.Append('\n').Append(heredoc.Content).Append(heredoc.Name);
                text = full.ToString();
            }
        }
        return new RunCommand([.. shell, text], files);
    }

    /// <summary>The whole command is one heredoc marker such as <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c> or <c>3&lt;&lt;EOF</c>.</summary>
    private static bool IsSingleHeredoc(string text) => SingleHeredoc().IsMatch(text.Trim());

    [GeneratedRegex("""^\d*<<-?\s*(?:"[^"\s<]+"|'[^'\s<]+'|[^\s<'"]+)$""")]
    private static partial Regex SingleHeredoc();
}
