using System.CommandLine;
using Hoist.Analysis;
using Hoist.Analysis.Sbom;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary><c>hoist sbom IMAGE</c>: the packages in the image's final filesystem as SPDX 2.3 or CycloneDX JSON.</summary>
public static class SbomCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image name or ID" };
        var format = new Option<string>("--format") { Description = "spdx-json (default), cyclonedx-json (1.5) or cyclonedx-json@1.6", DefaultValueFactory = _ => SbomFormat.Spdx };
        format.AcceptOnlyFromAmong([.. SbomFormat.Names]);
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE instead of standard output", HelpName = "FILE" };
        var command = new Command("sbom", "Write a software bill of materials of an image: SPDX or CycloneDX JSON") { image, format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parse);
            var target = await AnalysisImage.ResolveAsync(store, parse.GetValue(image)!, cancellationToken) with { Files = new SnapshotLayers(store).FilesOf };
            var document = await ImageSbom.CreateAsync(target, LayerRecordCache.UnderStateRoot(store.Root), cancellationToken);
            if (parse.GetValue(output) is { } path)
            {
                DestinationFile.Write(path, stream => SbomFormat.Write(document, parse.GetValue(format)!, stream));
                return 0;
            }
            using var buffer = new MemoryStream();
            SbomFormat.Write(document, parse.GetValue(format)!, buffer);
            parse.InvocationConfiguration.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        });
        return command;
    }
}
