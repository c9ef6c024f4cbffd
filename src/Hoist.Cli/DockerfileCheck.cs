using Hoist.Building.Context;
using Hoist.Checks;
using Hoist.Content;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// Runs the Dockerfile checks for a command: the file, its context's .dockerignore and paths, and what the store knows
/// about base images (ENV, SHELL, platform), so the checks see what a build would see.
/// </summary>
/// <param name="BasesKnown">Every image the stages start FROM was in the store (so checking again after a build that
/// pulled nothing would find the same).</param>
public sealed record DockerfileCheck(CheckReport Report, string Text, string FileName, string ArtifactUri, bool BasesKnown)
{
    /// <summary>The plan for the options checked, made on the way (null when the file does not plan, or without a
    /// store): a build uses it instead of reading, parsing and planning the file again.</summary>
    public BuildPlan? Plan { get; init; }

    public static async Task<DockerfileCheck> RunAsync(
        string dockerfile, string contextDirectory, PlanOptions options, ContentStore? store, CancellationToken cancellationToken,
        bool readsIgnoreFile = true, bool forBuild = false)
    {
        var (text, fileName) = DockerfileInput.Read(dockerfile);
        var inputs = Directory.Exists(contextDirectory)
            ? ContextCheckInputs.For(contextDirectory, dockerfile == "-" ? null : dockerfile, readsIgnoreFile)
            : new CheckOptions();
        var syntax = TryParse(text, fileName);
        var plan = store is null || syntax is null ? null : TryPlan(syntax, options);
        var (facts, basesKnown) = store is null || plan is null
            ? (new Dictionary<string, BaseImageFacts>(), false)
            : await KnownBaseImagesAsync(plan, store, cancellationToken);
        var checkInputs = inputs with { BaseImage = name => facts.GetValueOrDefault(name), ForBuild = forBuild };
        var report = syntax is null
            ? DockerfileFrontend.Check(text, fileName, options, checkInputs)
            : DockerfileFrontend.Check(syntax, options, checkInputs);
        var uri = dockerfile == "-" ? "Dockerfile" : dockerfile.Replace('\\', '/');
        return new DockerfileCheck(report, text, fileName, uri.StartsWith("./", StringComparison.Ordinal) ? uri[2..] : uri, basesKnown)
        {
            Plan = plan,
        };
    }

    /// <summary>The syntax tree, or null when the file does not parse (the check reports why).</summary>
    private static DockerfileSyntax? TryParse(string text, string fileName)
    {
        try
        {
            return DockerfileParser.Parse(text, fileName);
        }
        catch (HoistException)
        {
            return null;
        }
    }

    /// <summary>The plan, or null when the file does not plan (the check reports the same error).</summary>
    private static BuildPlan? TryPlan(DockerfileSyntax syntax, PlanOptions options)
    {
        try
        {
            return DockerfileFrontend.Plan(syntax, options);
        }
        catch (HoistException)
        {
            return null;
        }
    }

    /// <summary>Base images named by the plan that are already in the store (a check never pulls), and whether all were.</summary>
    private static async Task<(Dictionary<string, BaseImageFacts> Facts, bool All)> KnownBaseImagesAsync(
        BuildPlan plan, ContentStore store, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, BaseImageFacts>(StringComparer.Ordinal);
        var all = true;
        foreach (var stage in plan.Stages.Where(s => s.BaseKind == StageBaseKind.Image))
        {
            try
            {
                var image = await store.ResolveImageAsync(stage.BaseName, stage.Platform, cancellationToken);
                var config = image.Config.Config;
                facts[stage.BaseName] = new BaseImageFacts
                {
                    Env = config.Config?.Env ?? [],
                    Shell = config.Config?.Shell ?? [],
                    Platform = config.Platform,
                };
            }
            catch (HoistException)
            {
                // Not in the store (yet): the checks assume an empty config, as for an image they cannot see.
                all = false;
            }
        }
        return (facts, all);
    }
}
