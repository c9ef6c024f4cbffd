using System.CommandLine;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist tag SOURCE TARGET</c>: gives an image another name.</summary>
public static class TagCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE_IMAGE") { Description = "Image name or ID" };
        var target = new Argument<string>("TARGET_IMAGE") { Description = "New name, NAME[:TAG]" };
        var command = new Command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE") { source, target };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var image = await store.ResolveImageAsync(parseResult.GetValue(source)!, cancellationToken: cancellationToken);
            var name = ImageReference.Parse(parseResult.GetValue(target)!);
            if (name.Digest is not null) throw new HoistException($"refusing to create a tag with a digest reference: \"{parseResult.GetValue(target)}\"");
            await store.Names.SetAsync(name, image.Target.Digest, cancellationToken);
            return 0;
        });
        return command;
    }
}
