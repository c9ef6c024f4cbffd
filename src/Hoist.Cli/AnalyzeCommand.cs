using System.CommandLine;
using Hoist.Analysis;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist analyze IMAGE</c>: what the image ships (sizes per layer and instruction, base against own, wasted bytes)
/// and its attack surface; with <c>--fail-on</c> a scan gate that exits non-zero naming the findings.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image name or ID (with --stage: the build context)" };
        var stage = new Option<string?>("--stage") { Description = "Build this stage of the Dockerfile in the context (IMAGE) and analyze it", HelpName = "STAGE" };
        var baseImage = new Option<string?>("--base") { Description = "The base image (default: found from the store)", HelpName = "IMAGE" };
        var format = DockerfileInput.CreateFormatOption();
        var failOn = new Option<string?>("--fail-on")
        {
            Description = $"Exit 1 when any of these findings is present: {string.Join(",", FindingKinds.All)} or all",
            HelpName = "KIND[,KIND]",
        };
        var packages = new Option<bool>("--packages") { Description = "Also count the packages the SBOM scanners find" };
        var command = new Command("analyze", "Show what an image ships: sizes, wasted bytes and attack surface") { image, stage, StageBuild.FileOption, StageBuild.BuildArgs, baseImage, format, failOn, packages };
        RegistryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var gate = parse.GetValue(failOn) is { } list ? FindingKinds.ParseList(list) : null;
            var store = GlobalOptions.OpenStore(parse);
            var target = (parse.GetValue(stage) is { } stageName
                ? await StageBuild.BuildAsync(parse, store, stageName, parse.GetValue(image)!, cancellationToken)
                : await AnalysisImage.ResolveAsync(store, parse.GetValue(image)!, cancellationToken)) with { Files = new SnapshotLayers(store).FilesOf };
            var baseLayers = await BaseImageFinder.FindAsync(store, target, parse.GetValue(baseImage), cancellationToken);
            var analysis = await ImageAnalyzer.AnalyzeAsync(target, new AnalysisOptions
            {
                Base = baseLayers, Packages = parse.GetValue(packages), LayerRecords = LayerRecordCache.UnderStateRoot(store.Root),
            }, cancellationToken);
            foreach (var layer in analysis.Layers) LayerSizeIndex.Remember(store, layer.Digest, new LayerSize(layer.TarSize, layer.ContentSize));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json") AnalysisRenderer.WriteJson(analysis, output);
            else AnalysisRenderer.WriteText(analysis, output);
            return Gate(analysis, gate, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Gate(ImageAnalysis analysis, IReadOnlySet<FindingKind>? gate, TextWriter error)
    {
        if (gate is null) return 0;
        var failing = analysis.Findings.Where(f => gate.Contains(f.Kind)).ToList();
        if (failing.Count == 0) return 0;
        var findings = failing.Count == 1 ? "1 finding fails" : $"{failing.Count} findings fail";
        error.WriteLine($"error: {analysis.Name}: {findings} --fail-on: {string.Join("; ", failing)}");
        return 1;
    }
}
