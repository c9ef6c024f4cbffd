using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// HoistCopyFromContextNotStage: a COPY without --from whose source the context does not have, while an earlier stage
/// makes a path of that name (a RUN's -o/--output/mkdir target, or a usual build output directory of a stage that
/// builds). Needs the context (<see cref="CheckOptions.ContextHasPath"/>); otherwise silent.
/// </summary>
internal static class CopyFromContextRule
{
    private static readonly string[] OutputDirectories = ["dist", "build", "target", "out", "bin", "publish", ".next"];
    private static readonly string[] OutputFlags = ["-o", "--output", "--out", "--outdir", "--out-dir", "--target-dir"];

    public static void Check(HoistCheckInput input, FindingSink sink)
    {
        if (input.Options.ContextHasPath is not { } exists) return;
        foreach (var stage in input.NeededStages)
        {
            foreach (var line in stage.Commands)
            {
                if (line.Instruction is not CopyInstruction { From: null, Heredocs.Count: 0 } copy) continue;
                foreach (var source in copy.Sources.Select(Normalize).Where(s => s.Length > 0 && s.IndexOfAny(['$', '*', '?', '[']) < 0 && !exists(s)))
                {
                    if (input.Stages.Take(stage.Index).LastOrDefault(s => s.Name is not null && Makes(s, source)) is not { } maker) continue;
                    sink.Report(HoistRules.CopyFromContextNotStage, line.At,
                        $"COPY {source}: the build context has no {source}, but stage {maker.Name} makes it (did you mean COPY --from={maker.Name}?)",
                        line.Node.Comments, fix: $"COPY --from={maker.Name} <path of {source} in that stage> …");
                }
            }
        }
    }

    private static string Normalize(string source)
    {
        var s = source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source.TrimStart('/');
        return s.TrimEnd('/');
    }

    private static bool Makes(CheckedStage stage, string source)
    {
        var first = source.Split('/')[0];
        var made = Produced(stage).Select(p => p.Trim('/')).Where(p => p.Length > 0).ToList();
        if (made.Any(p => p == source || p.EndsWith("/" + source, StringComparison.Ordinal) || source.StartsWith(p.Split('/')[^1] + "/", StringComparison.Ordinal) || p.Split('/')[^1] == source))
            return true;
        return OutputDirectories.Contains(first) && ShellText.Runs(stage).Any(r => r.Text.Contains("build", StringComparison.Ordinal) || r.Text.Contains("publish", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Produced(CheckedStage stage)
    {
        foreach (var (_, text) in ShellText.Runs(stage))
        {
            foreach (var words in ShellText.Commands(text))
            {
                for (var i = 0; i < words.Length - 1; i++)
                {
                    if (OutputFlags.Contains(words[i])) yield return words[i + 1];
                }
                if (words[0] == "mkdir")
                {
                    foreach (var directory in words.Skip(1).Where(w => !w.StartsWith('-'))) yield return directory;
                }
            }
        }
    }
}
