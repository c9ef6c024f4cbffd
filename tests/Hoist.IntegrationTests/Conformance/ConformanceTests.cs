using System.Text.Json.Nodes;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// `hoist build` against the BuildKit conformance corpus (tests/conformance): every case is built with its build.args
/// and compared field by field with BuildKit's recorded result. HOIST_CONFORMANCE_ONLY=NN runs only case NN.
/// </summary>
public sealed class ConformanceTests(ConformanceStore store) : IClassFixture<ConformanceStore>
{
    public static TheoryData<string> Cases => ConformanceCase.Names();

    [ConformanceTheory]
    [MemberData(nameof(Cases))]
    public void Hoist_build_matches_BuildKit(string name)
    {
        var conformanceCase = ConformanceCase.Load(name);
        foreach (var image in conformanceCase.ReferencedImages) store.EnsureImage(image);
        var context = conformanceCase.CopyContext();
        var tag = $"hoist-conformance/{name}:latest";
        using var servers = new ConformanceServers(conformanceCase.BuildArgs);
        // {context} stands for the context copy's path, as in record.sh (--build-context NAME={context}/dir).
        var buildArgs = conformanceCase.BuildArgs.Select(servers.Substitute)
            .Select(a => a.Replace(ConformanceCase.ContextPlaceholder, context, StringComparison.Ordinal)).ToList();
        try
        {
            var iidFile = context + ".iid";
            var build = store.Hoist(["build", "--no-cache", "--progress", "plain", "--iidfile", iidFile, "-t", tag, .. buildArgs, context]);
            if (conformanceCase.IsFailure)
            {
                CheckFailure(conformanceCase, build);
                return;
            }
            Assert.True(build.ExitCode == 0, $"{name}: BuildKit builds it, hoist build failed ({build.ExitCode}):\n{build.Stderr}");
            var rebuildDifferences = conformanceCase.Rebuild is { } rebuild ? BuildAgain(conformanceCase, rebuild, context, iidFile, tag, buildArgs) : [];
            var image = store.Save(tag);
            try
            {
                var actual = ConformanceNormalizer.Normalize(conformanceCase, image, store.BaseCandidates(), store.Save);
                actual = servers.Unsubstitute(actual);
                var differences = ConformanceComparison.Differences(conformanceCase.Expected, actual).Concat(rebuildDifferences).ToList();
                Assert.True(differences.Count == 0,
                    $"{name}: {differences.Count} difference(s) from BuildKit:\n  " + string.Join("\n  ", differences));
            }
            finally
            {
                if (!store.IsShared(image)) image.Dispose();
            }
        }
        finally
        {
            Directory.Delete(context, recursive: true);
            File.Delete(context + ".iid");
        }
    }

    /// <summary>A case's second build, with the cache, after its rebuild/ files are laid over the context: how it
    /// differs from BuildKit's (image ID kept or not, which steps hit). The image compared afterwards is this build's.</summary>
    private List<string> BuildAgain(ConformanceCase conformanceCase, JsonObject rebuild, string context, string iidFile, string tag,
        IEnumerable<string> buildArgs)
    {
        var first = File.ReadAllText(iidFile);
        conformanceCase.ApplyRebuild(context);
        var build = store.Hoist(["build", "--progress", "plain", "--iidfile", iidFile, "-t", tag, .. buildArgs, context]);
        Assert.True(build.ExitCode == 0, $"{conformanceCase.Name}: BuildKit rebuilds it, hoist build failed ({build.ExitCode}):\n{build.Stderr}");
        return ConformanceRebuild.Differences(rebuild, first, File.ReadAllText(iidFile), build.Stderr);
    }

    /// <summary>
    /// BuildKit's message wording is not compared; the build must fail, at the step BuildKit reported (its progress
    /// header) or, for a failure before any step, without running one, and blaming the same Dockerfile line.
    /// </summary>
    private static void CheckFailure(ConformanceCase conformanceCase, HoistProcess.Result build)
    {
        var expected = conformanceCase.Expected;
        var output = build.Stderr + build.Stdout;
        Assert.True(build.ExitCode != 0, $"{conformanceCase.Name}: BuildKit fails ({Errors(expected)}), hoist build succeeded:\n{output}");
        if ((string?)expected["failedStep"] is { } step)
        {
            Assert.True(output.Contains(step, StringComparison.Ordinal),
                $"{conformanceCase.Name}: BuildKit fails at step `{step}`, hoist did not report that step:\n{output}");
        }
        if (expected["location"] is JsonObject location)
        {
            var line = $"{(string?)location["file"]}:{(int?)location["line"]}";
            Assert.True(output.Contains(line, StringComparison.Ordinal),
                $"{conformanceCase.Name}: BuildKit blames {line} ({Errors(expected)}), hoist does not:\n{output}");
        }
    }

    private static string Errors(JsonObject expected) =>
        string.Join(" / ", expected["errors"]?.AsArray().Select(e => (string?)e) ?? []);
}
