namespace Hoist.Cli;

/// <summary>
/// The Dockerfile excerpt BuildKit prints under a warning or error (solver/errdefs Source.Print): <c>FILE:LINE</c>, a
/// rule, the lines with two lines of context (one for a range), the reported ones marked <c>&gt;&gt;&gt;</c>.
/// </summary>
public static class SourceSnippet
{
    private const string Rule = "--------------------";

    public static void Write(TextWriter writer, string fileName, string text, int startLine, int endLine)
    {
        var lines = text.Split('\n');
        if (startLine < 1 || startLine > lines.Length) return;
        var start = startLine;
        var end = Math.Min(Math.Max(endLine, startLine), lines.Length);
        // BuildKit's padding loop: each round widens each side once and counts one more, so a single line gets two
        // lines of context each side and a range one.
        var pad = start == end ? 4 : 2;
        for (var p = 0; p < pad; p++)
        {
            if (start > 1) { start--; p++; }
            if (end != lines.Length) { end++; p++; }
        }
        writer.WriteLine($"{fileName}:{startLine}");
        writer.WriteLine(Rule);
        for (var i = start; i <= end; i++)
        {
            var marker = i >= startLine && i <= Math.Max(endLine, startLine) ? ">>>" : "   ";
            writer.WriteLine($" {i,3} | {marker} {lines[i - 1].TrimEnd('\r')}");
        }
        writer.WriteLine(Rule);
    }
}
