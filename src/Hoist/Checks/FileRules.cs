using Hoist.Dockerfile.Parsing;

namespace Hoist.Checks;

/// <summary>
/// Rules over the whole file that BuildKit runs before it resolves anything: NoEmptyContinuation (from its parser's
/// warnings), DuplicateStageName, ReservedStageName and ConsistentInstructionCasing. Instruction comments do not
/// switch these off (BuildKit runs them with the file's settings only).
/// </summary>
internal static class FileRules
{
    private static readonly string[] ReservedStageNames = ["context", "scratch"];

    public static void CheckContinuations(DockerfileSyntax syntax, FindingSink sink)
    {
        foreach (var node in syntax.Instructions)
        {
            if (node.EmptyContinuationLine is { } line)
            {
                sink.Report(BuildKitRules.NoEmptyContinuation, new Located(line, line), "Empty continuation line");
            }
        }
    }

    public static void CheckStageNames(CheckedFile file, FindingSink sink)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in file.Stages)
        {
            if (stage.Name is not { Length: > 0 } name) continue;
            // BuildKit compares the names lower-cased (it lower-cases them when reading FROM).
            var key = name.ToLowerInvariant();
            if (ReservedStageNames.Contains(key))
            {
                sink.Report(BuildKitRules.ReservedStageName, stage.FromLine.At, $"Stage name should not use the same name as reserved stage \"{key}\"");
            }
            if (!seen.Add(key))
            {
                sink.Report(BuildKitRules.DuplicateStageName, stage.FromLine.At, $"Duplicate stage name \"{key}\", stage names should be unique");
            }
        }
    }

    /// <summary>Keywords of stages (global ARGs are not counted) against the casing most of them use; ties go to upper case.</summary>
    public static void CheckCasing(CheckedFile file, FindingSink sink)
    {
        var keywords = file.Stages.SelectMany(s => s.Commands.Prepend(s.FromLine)).ToList();
        var lower = keywords.Count(k => IsSelfConsistent(k.Node.OriginalKeyword) && k.Node.OriginalKeyword == k.Node.OriginalKeyword.ToLowerInvariant());
        var upper = keywords.Count(k => IsSelfConsistent(k.Node.OriginalKeyword) && k.Node.OriginalKeyword != k.Node.OriginalKeyword.ToLowerInvariant());
        var majorityLower = lower > upper;
        foreach (var keyword in keywords)
        {
            var name = keyword.Node.OriginalKeyword;
            var wrong = majorityLower ? name != name.ToLowerInvariant() : name != name.ToUpperInvariant();
            if (!wrong) continue;
            sink.Report(BuildKitRules.ConsistentInstructionCasing, keyword.At,
                $"Command '{name}' should match the case of the command majority ({(majorityLower ? "lowercase" : "uppercase")})");
        }
    }

    private static bool IsSelfConsistent(string s) => s == s.ToLowerInvariant() || s == s.ToUpperInvariant();
}
