using Hoist.Building.Context;
using Hoist.Checks;
using Hoist.Content;
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
    public static async Task<DockerfileCheck> RunAsync(
        string dockerfile, string contextDirectory, PlanOptions options, ContentStore? store, CancellationToken cancellationToken,
        bool readsIgnoreFile = true, bool forBuild = false)
    {
        var (text, fileName) = DockerfileInput.Read(dockerfile);
        var inputs = Directory.Exists(contextDirectory)
            ? ContextCheckInputs.For(contextDirectory, dockerfile == "-" ? null : dockerfile, readsIgnoreFile)
            : new CheckOptions();
        var (facts, basesKnown) = store is null
            ? (new Dictionary<string, BaseImageFacts>(), false)
            : await KnownBaseImagesAsync(text, fileName, options, store, cancellationToken);
        var report = DockerfileFrontend.Check(text, fileName, options, inputs with { BaseImage = name => facts.GetValueOrDefault(name), ForBuild = forBuild });
        var uri = dockerfile == "-" ? "Dockerfile" : dockerfile.Replace('\\', '/');
        return new DockerfileCheck(report, text, fileName, uri.StartsWith("./", StringComparison.Ordinal) ? uri[2..] : uri, basesKnown);
    }

    /// <summary>Base images named by the file that are already in the store (a check never pulls), and whether all were.</summary>
    private static async Task<(Dictionary<string, BaseImageFacts> Facts, bool All)> KnownBaseImagesAsync(
        string text, string fileName, PlanOptions options, ContentStore store, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, BaseImageFacts>(StringComparer.Ordinal);
        BuildPlan plan;
        try
        {
            plan = DockerfileFrontend.Plan(text, fileName, options);
        }
        catch (HoistException)
        {
            return (facts, false); // the check reports the same error
        }
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
