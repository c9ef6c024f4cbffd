using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Checks;

/// <summary>
/// The rules BuildKit runs while it reads each instruction (instructions/parse.go): MaintainerDeprecated,
/// StageNameCasing, FromAsCasing and the experimental InvalidDefinitionDescription.
/// </summary>
internal static class ParseRules
{
    public static void Check(InstructionNode node, FindingSink sink)
    {
        var at = new Located(node.StartLine, node.EndLine);
        if (node.Keyword == "maintainer")
        {
            sink.Report(BuildKitRules.MaintainerDeprecated, at, "Maintainer instruction is deprecated in favor of using label", node.Comments);
        }
        if (node.Keyword != "from") return;
        var args = node.Rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 3 && args[2] != args[2].ToLowerInvariant())
        {
            sink.Report(BuildKitRules.StageNameCasing, at, $"Stage name '{args[2]}' should be lowercase", node.Comments);
        }
        if (args.Length >= 3 && !AsMatchesFrom(node.OriginalKeyword, args[1]))
        {
            sink.Report(BuildKitRules.FromAsCasing, at, $"'{args[1]}' and '{node.OriginalKeyword}' keywords' casing do not match", node.Comments);
        }
    }

    /// <summary>A stage's or ARG's description comment must start with its name (experimental in BuildKit).</summary>
    public static void CheckDescription(CheckedInstruction line, FindingSink sink)
    {
        var (kind, names) = line.Instruction switch
        {
            FromInstruction { StageName: { } name } => ("FROM", new[] { name.ToLowerInvariant() }),
            ArgInstruction arg => ("ARG", arg.Arguments.Select(a => a.Name).ToArray()),
            _ => ("", []),
        };
        var comments = line.Node.Comments;
        if (names.Length == 0 || comments.Count == 0) return;
        if (names.Contains(comments[^1].Split(' ')[0], StringComparer.Ordinal)) return;
        var example = names.Length > 1 ? "<arg_key>" : names[0];
        sink.Report(BuildKitRules.InvalidDefinitionDescription, line.At,
            $"Comment for {kind} should follow the format: `# {example} <description>`", comments);
    }

    /// <summary>Casing of a mixed-case FROM is ConsistentInstructionCasing's business, so only all-lower/all-upper FROM is compared.</summary>
    private static bool AsMatchesFrom(string from, string asKeyword)
    {
        if (from == from.ToLowerInvariant()) return asKeyword == asKeyword.ToLowerInvariant();
        if (from == from.ToUpperInvariant()) return asKeyword == asKeyword.ToUpperInvariant();
        return true;
    }
}
