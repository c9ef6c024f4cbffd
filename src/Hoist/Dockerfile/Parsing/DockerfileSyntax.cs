namespace Hoist.Dockerfile.Parsing;

/// <summary>The parsed file: directives, the escape character in force and the instructions in order.</summary>
public sealed record DockerfileSyntax(
    string FileName,
    IReadOnlyList<Directive> Directives,
    char EscapeChar,
    IReadOnlyList<InstructionNode> Instructions);
