using System.CommandLine;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary><c>hoist pull [--platform P] REF</c>: docker pull into the store.</summary>
public static class PullCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "Image to pull" };
        var platform = new Option<string?>("--platform") { Description = "Platform for multi-platform images, os/arch[/variant] (default: this machine)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the image reference" };
        var command = new Command("pull", "Download an image from a registry into the store") { reference, platform, quiet };
        RegistryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var image = ImageReference.Parse(parse.GetValue(reference)!);
            var wanted = parse.GetValue(platform) is { } text ? Platform.Parse(text) : null;
            var store = GlobalOptions.OpenStore(parse);
            using var client = RegistryOptions.CreateClient(parse);
            var before = image.Tag is not null && image.Digest is null ? store.Names.Lookup(image) : null;
            var isQuiet = parse.GetValue(quiet);
            if (!isQuiet) output.WriteLine($"{image.Tag ?? image.Digest.ToString()}: Pulling from {FamiliarPath(image)}");
            var pulled = await new ImagePuller(store, client)
                .PullAsync(image, wanted, isQuiet ? null : new TransferPrinter(output), cancellationToken)
                .ConfigureAwait(false);
            if (isQuiet)
            {
                output.WriteLine(image.ToString());
                return 0;
            }
            output.WriteLine($"Digest: {pulled.Image.Target.Digest}");
            var upToDate = pulled.BlobsDownloaded == 0 && before == pulled.Image.Target.Digest;
            output.WriteLine(upToDate ? $"Status: Image is up to date for {image.Familiar}" : $"Status: Downloaded newer image for {image.Familiar}");
            output.WriteLine(image.ToString());
            return 0;
        });
        return command;
    }

    /// <summary>docker's "Pulling from" names the repository path on Docker Hub, the familiar name elsewhere.</summary>
    private static string FamiliarPath(ImageReference image) =>
        image.Registry == ImageReference.DockerHub ? image.Repository : image.FamiliarRepository;
}
