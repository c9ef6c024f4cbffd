using System.CommandLine;
using Hoist.Analysis.Diff;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist diff IMAGE_A IMAGE_B</c>: which manifest and config fields, layers and files differ between two images (in
/// the store, docker archives or OCI layouts, or a registry). Exits as diff(1): 0 identical, 1 different, 2 trouble.
/// </summary>
public static class DiffCommand
{
    public const int Same = 0;
    public const int Different = 1;
    public const int Trouble = 2;

    public static Command Create()
    {
        var a = new Argument<string>("IMAGE_A") { Description = "Image name or ID, docker archive or OCI layout (tar or directory), or registry reference" };
        var b = new Argument<string>("IMAGE_B") { Description = "The image to compare it with, in any of the same forms" };
        var format = new Option<string>("--format") { Description = "text (default) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var platform = new Option<string?>("--platform") { Description = "Platform to take from multi-platform images (default: this machine)" };
        var command = new Command("diff", "Show which layers, files, and config fields differ between two images (exit 0 same, 1 different, 2 error)")
        {
            a, b, format, platform,
        };
        RegistryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var wanted = parse.GetValue(platform) is { } text ? Platform.Parse(text) : null;
                using var operands = new DiffOperands(GlobalOptions.OpenStore(parse), parse);
                var left = await operands.ResolveAsync(parse.GetValue(a)!, wanted, cancellationToken);
                var right = await operands.ResolveAsync(parse.GetValue(b)!, wanted, cancellationToken);
                var difference = await ImageDiffer.CompareAsync(left, right, cancellationToken);
                Write(parse.InvocationConfiguration.Output, difference, parse.GetValue(format)!);
                return difference.Identical ? Same : Different;
            }
            catch (HoistException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return Trouble;
            }
        });
        return command;
    }

    private static void Write(TextWriter output, ImageDifference difference, string format)
    {
        if (format == "json")
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(ImageDiffJson.Write(difference)));
            return;
        }
        DiffTextRenderer.Write(output, difference);
    }
}
