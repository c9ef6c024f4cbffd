using System.CommandLine;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist import FILE|- [REPOSITORY[:TAG]]</c>: a one-layer image from a root filesystem tar, as docker import.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Root filesystem tar (plain, gzip or zstd), or - for standard input" };
        var name = new Argument<string?>("REPOSITORY[:TAG]") { Description = "Name for the image", Arity = ArgumentArity.ZeroOrOne };
        var change = new Option<string[]>("--change", "-c") { Description = "Apply a Dockerfile instruction to the image (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)", AllowMultipleArgumentsPerToken = false };
        var message = new Option<string?>("--message", "-m") { Description = "History comment for the image" };
        var platform = new Option<string?>("--platform") { Description = "Platform the image declares, os/arch[/variant] (default: this machine)" };
        var command = new Command("import", "Import the contents from a tarball to create a filesystem image") { file, name, change, message, platform };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var reference = parseResult.GetValue(name) is { } text ? ImageReference.Parse(text) : null;
            if (reference?.Digest is not null) throw new HoistException($"refusing to create a tag with a digest reference: \"{parseResult.GetValue(name)}\"");
            var options = new RootfsImportOptions
            {
                Reference = reference,
                Config = ImportChanges.Apply(parseResult.GetValue(change) ?? []),
                Comment = parseResult.GetValue(message) ?? "Imported from -",
                Platform = parseResult.GetValue(platform) is { } p ? Platform.Parse(p) : Platform.Host,
            };
            var store = GlobalOptions.OpenStore(parseResult);
            var path = parseResult.GetValue(file)!;
            NamedImage image;
            if (path == "-")
            {
                await using var stdin = Console.OpenStandardInput();
                image = await RootfsImporter.ImportAsync(store, stdin, options, cancellationToken);
            }
            else
            {
                FileStream input;
                try
                {
                    input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new HoistException($"cannot open {path}: {e.Message}", e);
                }
                await using (input)
                {
                    image = await RootfsImporter.ImportAsync(store, input, options, cancellationToken);
                }
            }
            parseResult.InvocationConfiguration.Output.WriteLine(image.Image.Id);
            return 0;
        });
        return command;
    }
}
