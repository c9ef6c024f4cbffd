using System.Globalization;
using Hoist.Building.Engine;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist build --target a --target b</c>: the targets are built in the order given, each once, in one invocation;
/// a stage several targets need is built once and the later targets take it from the build cache (also under
/// <c>--no-cache</c>, which then applies to the stages no earlier target built). The names, outputs, pushes, ID and
/// metadata files are the last target's: the earlier ones are built for what they check (a test stage), as
/// <c>docker buildx bake</c> users do with several targets. Steps are numbered on across the targets.
/// </summary>
public static class SeveralTargets
{
    /// <summary>Builds every target but the last; returns the last target's request, numbered and cached after them.</summary>
    public static async Task<BuildRequest> BuildFirstAsync(ImageBuild build, BuildRequest last, IReadOnlyList<string> earlier,
        Func<string, (BuildPlan Plan, IReadOnlyList<BuildPlan> PlatformPlans)> plan, BuildProgress events, CancellationToken cancellationToken)
    {
        var built = new HashSet<int>();
        foreach (var target in earlier)
        {
            var (targetPlan, platformPlans) = plan(target);
            var request = Following(last, built, targetPlan) with
            {
                Build = last.Build with { Plan = targetPlan, PlatformPlans = platformPlans, Tags = [] },
                Outputs = [], Pushes = [], CacheExports = [], ImageIdFile = null, StepsBefore = events.LastStep,
            };
            await build.RunAsync(request, () => Stream.Null, cancellationToken);
            built.UnionWith(targetPlan.BuildOrder.Select(s => s.Index));
        }
        return Following(last, built, last.Build.Plan) with { StepsBefore = events.LastStep };
    }

    /// <summary>Under <c>--no-cache</c>, a stage an earlier target built is taken from the cache; every other stage runs.</summary>
    private static BuildRequest Following(BuildRequest request, IReadOnlySet<int> built, BuildPlan plan)
    {
        if (!request.NoCache || built.Count == 0) return request;
        var rebuild = plan.Stages.Where(s => !built.Contains(s.Index)).Select(s => s.Index.ToString(CultureInfo.InvariantCulture));
        return request with { NoCache = false, NoCacheStages = [.. request.NoCacheStages, .. rebuild] };
    }
}
