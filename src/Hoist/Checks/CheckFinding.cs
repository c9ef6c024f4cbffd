namespace Hoist.Checks;

/// <summary>
/// One finding: the rule, its message (BuildKit's exact text for BuildKit's rules), the lines of the instruction it is
/// about, and for Hoist's rules how to fix it.
/// </summary>
public sealed record CheckFinding(CheckRule Rule, string Message, int Line, int EndLine)
{
    /// <summary>A suggested change (Hoist's rules); null when the message says it all.</summary>
    public string? Fix { get; init; }
}
