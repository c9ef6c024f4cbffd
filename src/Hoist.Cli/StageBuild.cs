using System.CommandLine;
using Hoist.Analysis;
using Hoist.Building.Engine;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist analyze --stage S CONTEXT</c>: builds one stage of a Dockerfile (from the build cache when it can, quietly,
/// naming nothing) and hands its image to the analysis.
/// </summary>
public static class StageBuild
{
    public static Option<string?> FileOption { get; } = DockerfileInput.CreateFileOption();

    public static Option<string[]> BuildArgs { get; } = new("--build-arg")
    {
        Description = "With --stage: build argument NAME=VALUE (or NAME from the environment); repeatable",
    };

    public static async Task<AnalysisImage> BuildAsync(ParseResult parse, ContentStore store, string stage, string contextDirectory,
        CancellationToken cancellationToken)
    {
        var dockerfile = DockerfileInput.ResolvePath(parse.GetValue(FileOption), contextDirectory);
        var (text, fileName) = DockerfileInput.Read(dockerfile);
        var plan = DockerfileFrontend.Plan(text, fileName, new PlanOptions { Target = stage, BuildArgs = parse.GetValue(BuildArgs) ?? [] });
        using var events = new PlainProgress(parse.InvocationConfiguration.Error, quiet: true);
        using var registry = RegistryOptions.CreateClient(parse);
        BuildResult result;
        try
        {
            var request = new BuildRequest
            {
                Build = new BuildOptions
                {
                    Plan = plan,
                    ContextDirectory = contextDirectory,
                    DockerfilePath = dockerfile == "-" ? null : dockerfile,
                },
            };
            result = await new ImageBuild(store, registry, events).RunAsync(request, Console.OpenStandardOutput, cancellationToken);
        }
        catch (BuildStepException e)
        {
            events.BuildFailed(e, fileName);
            throw new HoistException($"stage {stage} did not build");
        }
        var manifest = (StoredManifest)await store.ReadDocumentAsync(result.ManifestDigest, cancellationToken);
        var config = await store.ReadConfigAsync(manifest.Manifest.Config.Digest, cancellationToken);
        return AnalysisImage.FromStoredLayers(store, $"stage {stage}", config.Config, manifest.Manifest.Layers);
    }
}
