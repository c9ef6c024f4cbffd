using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>
/// HoistUnknownFromStage: a COPY --from or RUN --mount from= that names no stage, has no image shape (no registry, path,
/// tag or digest: nothing a reviewer would read as an image) and is within two edits of a stage name. BuildKit would
/// build everything else first and then try to pull it from docker.io; Hoist reports it before building anything.
/// </summary>
internal static class UnknownFromStageRule
{
    public static void Check(HoistCheckInput input, FindingSink sink)
    {
        var names = input.Stages.Where(s => s.Name is not null).Select(s => s.Name!.ToLowerInvariant()).ToList();
        foreach (var stage in input.Stages)
        {
            foreach (var line in stage.Commands)
            {
                foreach (var reference in References(line.Instruction))
                {
                    if (Suggest(reference, names, input.Stages) is not { } suggestion) continue;
                    sink.Report(HoistRules.UnknownFromStage, line.At,
                        $"--from={reference} names no stage; it would be pulled as the image {reference}:latest (did you mean {suggestion}?)",
                        line.Node.Comments,
                        fix: $"write --from={suggestion}, or {reference}:TAG if an image of that name is meant");
                }
            }
        }
    }

    /// <summary>The stage name <paramref name="reference"/> is probably a typo of, or null.</summary>
    public static string? Suggest(string reference, IReadOnlyList<string> stageNames, IReadOnlyList<CheckedStage> stages)
    {
        if (DockerfileChecker.Find(stages, reference) is not null || reference.IndexOfAny(['/', ':', '@', '.', '$']) >= 0) return null;
        var lower = reference.ToLowerInvariant();
        return stageNames
            .Select(name => (Name: name, Distance: NameSuggestion.Levenshtein(lower, name)))
            .Where(c => c.Distance > 0 && c.Distance <= 2 && c.Distance * 2 <= c.Name.Length)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    private static IEnumerable<string> References(Instruction instruction) => instruction switch
    {
        CopyInstruction { From: { } from } => [from],
        RunInstruction run => run.Mounts.Where(m => m.From is not null).Select(m => m.From!),
        _ => [],
    };
}
