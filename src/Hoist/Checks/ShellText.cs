using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// RUN commands as text for Hoist's heuristics: the shell form's command (or the exec form's words joined) and any
/// heredoc bodies, split into simple commands at <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c> and newlines.
/// </summary>
internal static class ShellText
{
    private static readonly string[] Separators = ["&&", "||", ";", "|", "\n"];

    public static string Of(RunInstruction run) =>
        string.Join('\n', run.Command.Args.Concat(run.Heredocs.Select(h => h.Content)));

    /// <summary>Each simple command as its words (quotes removed crudely: enough to find package names and flags).</summary>
    public static IEnumerable<string[]> Commands(string text)
    {
        foreach (var part in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Replace("\\\n", " ", StringComparison.Ordinal)
                .Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.Trim('"', '\'', '(', ')'))
                .Where(w => w.Length > 0)
                .ToArray();
            if (words.Length > 0) yield return words;
        }
    }

    /// <summary>The RUN instructions of a stage with their text.</summary>
    public static IEnumerable<(CheckedInstruction Line, string Text)> Runs(CheckedStage stage) =>
        stage.Commands.Where(c => c.Instruction is RunInstruction).Select(c => (c, Of((RunInstruction)c.Instruction)));
}
