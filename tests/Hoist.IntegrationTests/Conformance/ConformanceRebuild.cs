using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// The second build of a case with a <c>rebuild/</c> directory (tests/conformance/README.md): its files are laid over
/// the context and the case is built again with the cache. BuildKit's recording says whether the image ID stayed the
/// same and which steps (FROM and [internal] ones left out) it found in the cache and which it ran.
/// </summary>
public static partial class ConformanceRebuild
{
    public const string DirectoryName = "rebuild";

    /// <summary>Every way Hoist's second build differs from BuildKit's, one line each.</summary>
    public static List<string> Differences(JsonObject expected, string firstImageId, string secondImageId, string progress)
    {
        var differences = new List<string>();
        var same = (bool)expected["sameImage"]!;
        if (same != (firstImageId == secondImageId))
        {
            differences.Add(same
                ? $"rebuild: BuildKit's image ID did not change, Hoist's did ({firstImageId} → {secondImageId})"
                : $"rebuild: BuildKit's image ID changed, Hoist's did not ({firstImageId})");
        }
        foreach (var (field, cached) in new[] { ("cached", true), ("ran", false) })
        {
            foreach (var title in expected[field]!.AsArray().Select(t => (string)t!))
            {
                var outcome = WasCached(progress, title);
                if (outcome is null) differences.Add($"rebuild: step `{title}` is not in Hoist's progress");
                else if (outcome != cached) differences.Add($"rebuild: step `{title}`: BuildKit {(cached ? "found it in the cache" : "ran it")}, Hoist {(cached ? "ran it" : "found it in the cache")}");
            }
        }
        return differences;
    }

    /// <summary>Whether the step titled exactly <paramref name="title"/> was <c>#N CACHED</c>; null when there is none.</summary>
    private static bool? WasCached(string progress, string title)
    {
        var step = StepLine().Matches(progress).FirstOrDefault(m => m.Groups[2].Value == title);
        return step is null ? null : Regex.IsMatch(progress, $@"^#{step.Groups[1].Value} CACHED$", RegexOptions.Multiline);
    }

    [GeneratedRegex(@"^#(\d+) (\[.*)$", RegexOptions.Multiline)]
    private static partial Regex StepLine();
}
