using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Building;

/// <summary>Builds with plain progress and reads what each step did from BuildKit-shaped output.</summary>
public static partial class PlainBuild
{
    /// <summary>Builds <paramref name="context"/>; returns the progress output and the image ID from --iidfile.</summary>
    public static (string Stderr, string ImageId) Run(BuildStore store, string context, params string[] extra)
    {
        var iid = Path.Combine(context, "..", Path.GetFileName(context) + $".{Guid.NewGuid():N}.iid");
        var build = store.Hoist(["build", "--progress", "plain", "--iidfile", iid, .. extra, context]);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return (build.Stderr, File.ReadAllText(iid));
    }

    /// <summary>"CACHED" or "DONE" for the step whose title contains <paramref name="text"/>.</summary>
    public static string Outcome(string stderr, string text)
    {
        var step = StepLine().Matches(stderr).FirstOrDefault(m => m.Groups[2].Value.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no step \"{text}\" in:\n{stderr}");
        var id = step.Groups[1].Value;
        if (stderr.Contains($"\n#{id} CACHED\n", StringComparison.Ordinal)) return "CACHED";
        if (Regex.IsMatch(stderr, $@"\n#{id} DONE ")) return "DONE";
        throw new Xunit.Sdk.XunitException($"step #{id} neither cached nor done:\n{stderr}");
    }

    /// <summary>The titles of every step but FROM.</summary>
    public static List<string> Steps(string stderr) =>
        [.. StepLine().Matches(stderr).Select(m => m.Groups[2].Value).Where(t => !t.Contains("] FROM ", StringComparison.Ordinal))];

    [GeneratedRegex(@"^#(\d+) (\[.*)$", RegexOptions.Multiline)]
    private static partial Regex StepLine();
}
