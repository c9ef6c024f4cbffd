using System.CommandLine;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist load -i FILE</c>: loads a docker archive or an OCI layout (tar or directory), as docker load does.</summary>
public static class LoadCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input", "-i") { Description = "Read from FILE or layout directory instead of standard input", HelpName = "FILE" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing" };
        var command = new Command("load", "Load images from a tar archive (docker save format) or an OCI image layout") { input, quiet };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var path = parseResult.GetValue(input);
            IReadOnlyList<NamedImage> loaded;
            if (path is null or "-")
            {
                if (!Console.IsInputRedirected) throw new HoistException("requested load from stdin, but stdin is empty: use -i FILE or redirect the input");
                await using var stdin = Console.OpenStandardInput();
                loaded = await ImageLoader.LoadAsync(store, stdin, "stdin", cancellationToken);
            }
            else
            {
                loaded = await ImageLoader.LoadAsync(store, path, cancellationToken);
            }
            if (!parseResult.GetValue(quiet))
            {
                var output = parseResult.InvocationConfiguration.Output;
                foreach (var line in loaded.Select(Describe).Distinct()) output.WriteLine(line);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The line <c>docker load</c> prints for an image it loaded.</summary>
    public static string Describe(NamedImage image) =>
        image.Reference is { } reference ? $"Loaded image: {reference.Familiar}" : $"Loaded image ID: {image.Image.Id}";
}
