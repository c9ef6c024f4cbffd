using Hoist.Dockerfile.Instructions;
using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>
/// HoistUnpinnedBaseImage: an image the build needs (FROM, COPY --from, RUN --mount from=) with neither a version tag
/// nor a digest, or tagged <c>latest</c>: every rebuild may get a different base. A name <c>--build-context</c> gives is
/// no image pulled from anywhere and is left alone.
/// </summary>
internal static class UnpinnedBaseImageRule
{
    public static void Check(HoistCheckInput input, FindingSink sink)
    {
        foreach (var stage in input.NeededStages)
        {
            if (stage.BaseStage is null) CheckImage(stage.BaseName, stage.FromLine, sink, input.Options.NamedContexts);
            foreach (var line in stage.Commands)
            {
                var references = line.Instruction switch
                {
                    CopyInstruction { From: { } from } => [from],
                    RunInstruction run => run.Mounts.Where(m => m.From is not null).Select(m => m.From!),
                    _ => Enumerable.Empty<string>(),
                };
                foreach (var reference in references.Where(r => DockerfileChecker.Find(input.Stages, r) is null))
                {
                    if (UnknownFromStageRule.Suggest(reference, [.. input.Stages.Where(s => s.Name is not null).Select(s => s.Name!)], input.Stages) is null)
                        CheckImage(reference, line, sink, input.Options.NamedContexts);
                }
            }
        }
    }

    private static void CheckImage(string name, CheckedInstruction line, FindingSink sink, IReadOnlySet<string> namedContexts)
    {
        if (name == "scratch" || namedContexts.Contains(name) || !ImageReference.TryParse(name, out var reference, out _) || reference.Digest is not null) return;
        // A context is also found by the reference's familiar name, as BuildKit looks it up (NamedContext.Find).
        if (namedContexts.Contains(reference.ContextName)) return;
        if (reference.Tag is not (null or "latest")) return;
        var why = reference.Tag is null ? "has no tag, so it means latest" : "is tagged latest";
        sink.Report(HoistRules.UnpinnedBaseImage, line.At, $"Image {name} {why}: the base changes whenever it is pushed again",
            line.Node.Comments, fix: $"pin a version tag or a digest, e.g. {reference.FamiliarRepository}:<version> or {reference.FamiliarRepository}@sha256:<digest>");
    }
}
