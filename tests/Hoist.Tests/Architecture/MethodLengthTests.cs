using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Hoist.Tests.Architecture;

/// <summary>
/// The engine stays readable (issue 11): no method, constructor, accessor or local function in the folders below is
/// longer than <see cref="MaxLines"/> lines, counted from its signature to its closing brace, comments included.
/// </summary>
public sealed class MethodLengthTests
{
    private const int MaxLines = 60;

    private static readonly string[] Folders = ["Building", "Dispatch"];

    [Fact]
    public void No_method_of_the_engine_is_longer_than_sixty_lines()
    {
        var tooLong = SourceTree.Load().Files
            .Where(f => Folders.Any(folder => f.Folder == folder || f.Folder.StartsWith(folder + "/", StringComparison.Ordinal)))
            .SelectMany(f => LongMembers(File.ReadAllText(f.Path)).Select(m => $"{f.Relative}:{m.Line}: {m.Name} ({m.Lines} lines)"))
            .ToList();

        Assert.True(tooLong.Count == 0, $"split these into shorter methods (at most {MaxLines} lines):\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void A_long_method_is_caught()
    {
        var body = string.Concat(Enumerable.Repeat("        Work();\n", MaxLines));
        var source = $"class C\n{{\n    void Short() {{ }}\n    void Long()\n    {{\n{body}    }}\n}}\n";

        Assert.Equal([("Long", 4, MaxLines + 3)], LongMembers(source).Select(m => (m.Name, m.Line, m.Lines)));
    }

    private static IEnumerable<(string Name, int Line, int Lines)> LongMembers(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            if (Name(node) is not { } name) continue;
            var span = node.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > MaxLines) yield return (name, span.StartLinePosition.Line + 1, lines);
        }
    }

    private static string? Name(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text,
        LocalFunctionStatementSyntax local => local.Identifier.Text,
        AccessorDeclarationSyntax accessor => accessor.Keyword.Text,
        OperatorDeclarationSyntax op => "operator " + op.OperatorToken.Text,
        _ => null,
    };
}
