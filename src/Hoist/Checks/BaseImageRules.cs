namespace Hoist.Checks;

/// <summary>
/// InvalidBaseImagePlatform: a reachable stage's base image, when its platform is known, does not match the platform
/// the stage is built for (its FROM --platform, else the target platform). Only OS and architecture are compared.
/// </summary>
internal static class BaseImageRules
{
    public static void Check(IReadOnlyList<CheckedStage> stages, HashSet<int> reachable, CheckOptions options, FindingSink sink)
    {
        foreach (var stage in stages.Where(s => reachable.Contains(s.Index) && s.BaseStage is null && s.BaseName != "scratch"))
        {
            if (options.BaseImage(stage.BaseName)?.Platform is not { } actual) continue;
            var expected = ExpectedPlatform(stage, options);
            if (expected.Os == actual.Os && expected.Architecture == actual.Architecture) continue;
            sink.Report(BuildKitRules.InvalidBaseImagePlatform, stage.FromLine.At,
                $"Base image {stage.BaseName} was pulled with platform \"{actual}\", expected \"{expected}\" for current build");
        }
    }

    private static Oci.Platform ExpectedPlatform(CheckedStage stage, CheckOptions options) =>
        stage.ResolvedPlatform ?? options.TargetPlatform;
}
