using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>Builds <see cref="InstructionNode"/> values by hand (the text parser is tested on its own) and reads them.</summary>
internal static class InstructionNodes
{
    public const string FileName = "build/Dockerfile.test";

    public static InstructionNode Node(
        string keyword,
        string rest = "",
        IReadOnlyList<string>? flags = null,
        int line = 3,
        IReadOnlyList<Heredoc>? heredocs = null,
        InstructionNode? child = null,
        IReadOnlyList<string>? jsonArgs = null)
    {
        var parts = new List<string> { keyword.ToUpperInvariant() };
        parts.AddRange(flags ?? []);
        if (rest.Length > 0) parts.Add(rest);
        return new InstructionNode
        {
            Keyword = keyword.ToLowerInvariant(),
            OriginalKeyword = keyword.ToUpperInvariant(),
            Original = string.Join(' ', parts),
            StartLine = line,
            EndLine = line,
            Flags = flags ?? [],
            Rest = rest,
            JsonArgs = jsonArgs,
            Heredocs = heredocs ?? [],
            Child = child,
        };
    }

    public static IReadOnlyList<Instruction> ReadAll(char escapeChar, params InstructionNode[] nodes) =>
        InstructionReader.Read(new DockerfileSyntax(FileName, [], escapeChar, nodes));

    public static T Read<T>(InstructionNode node, char escapeChar = '\\') where T : Instruction =>
        Assert.IsAssignableFrom<T>(Assert.Single(ReadAll(escapeChar, node)));

    public static T Read<T>(string keyword, string rest = "", params string[] flags) where T : Instruction =>
        Read<T>(Node(keyword, rest, flags));

    /// <summary>Reads a node that must fail; checks the error names the file and the node's line and returns the cause.</summary>
    public static string Error(InstructionNode node, char escapeChar = '\\')
    {
        var e = Assert.Throws<DockerfileException>(() => ReadAll(escapeChar, node));
        Assert.Equal(FileName, e.File);
        Assert.Equal(node.StartLine, e.Line);
        Assert.Equal($"{FileName}:{node.StartLine}: {e.Cause}", e.Message);
        return e.Cause;
    }

    public static string Error(string keyword, string rest = "", params string[] flags) => Error(Node(keyword, rest, flags));
}
