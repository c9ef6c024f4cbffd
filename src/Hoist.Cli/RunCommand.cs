using System.CommandLine;
using Hoist.Building.Engine;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary><c>hoist run IMAGE [COMMAND...]</c>: runs an image from the store and exits with the container's code.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image name or ID" };
        var args = new Argument<string[]>("COMMAND") { Description = "Command and arguments (default: the image's)", Arity = ArgumentArity.ZeroOrMore };
        var runtime = new Option<string>("--runtime") { Description = "OCI runtime binary", DefaultValueFactory = _ => "runc" };
        var platform = new Option<string?>("--platform")
        {
            Description = "Run this platform's image of a multi-platform image, os/arch[/variant] (default: this machine's); another platform runs emulated",
        };
        var command = new Command("run", "Run a command in a new container from an image") { runtime, platform, image, args };
        command.TreatUnmatchedTokensAsErrors = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return await new ImageRunner(GlobalOptions.OpenStore(parse)).RunAsync(parse.GetValue(image)!, parse.GetValue(args) ?? [], line =>
            {
                var writer = line.IsStandardError ? error : output;
                lock (writer) writer.WriteLine(line.Text);
            }, parse.GetValue(runtime)!, parse.GetValue(platform) is { } p ? Platform.Parse(p) : null, cancellationToken);
        });
        return command;
    }
}
