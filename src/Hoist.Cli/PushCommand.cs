using System.CommandLine;
using Hoist.Oci;
using Hoist.Registry;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary><c>hoist push NAME [REF]</c>: docker push from the store, optionally to another reference.</summary>
public static class PushCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME[:TAG]") { Description = "Image in the store (name or ID)" };
        var destination = new Argument<string?>("REF") { Description = "Where to push (default: NAME)", Arity = ArgumentArity.ZeroOrOne };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the pushed reference, as docker push -q" };
        var command = new Command("push", "Upload an image from the store to a registry") { name, destination, quiet };
        RegistryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var source = parse.GetValue(name)!;
            var target = parse.GetValue(destination) is { } text ? ImageReference.Parse(text) : null;
            var store = GlobalOptions.OpenStore(parse);
            await new SnapshotLayerCompressor(new SnapshotLayers(store)).CompressAsync(source, cancellationToken).ConfigureAwait(false);
            using var client = RegistryOptions.CreateClient(parse);
            var isQuiet = parse.GetValue(quiet);
            var shown = target ?? (ImageReference.TryParse(source, out var parsed, out _) ? parsed : null);
            if (shown is not null && !isQuiet) output.WriteLine($"The push refers to repository [{shown.FamiliarRepository}]");
            var image = await store.ResolveImageAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
            target ??= RegistrySink.DestinationOf(source, image);
            await new RegistrySink(store, client, target, isQuiet ? null : new TransferPrinter(output) { IsPull = false })
                .WriteAsync(image, cancellationToken).ConfigureAwait(false);
            output.WriteLine(isQuiet ? target.ToString() : $"{target.ManifestReference}: digest: {image.Target.Digest} size: {image.Target.Size}");
            return 0;
        });
        return command;
    }
}
