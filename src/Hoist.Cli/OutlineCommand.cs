using System.CommandLine;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary><c>hoist outline</c>: the stages a build of the target needs, in build order, with what each uses.</summary>
public static class OutlineCommand
{
    public static Command Create()
    {
        var file = DockerfileInput.CreateFileOption();
        var target = new Option<string?>("--target") { Description = "Stage to build (default: the last stage)" };
        var buildArgs = DockerfileInput.CreateBuildArgOption();
        var platform = new Option<string?>("--platform") { Description = "Target platform os/arch[/variant] (default: this machine's)" };
        var format = DockerfileInput.CreateFormatOption();
        var context = DockerfileInput.CreateContextArgument();

        var command = new Command("outline", "Show the stage graph a build would run: build order, dependencies, args, secrets and cache mounts")
        {
            file, target, buildArgs, platform, format, context,
        };
        command.SetAction(parse =>
        {
            var options = new PlanOptions
            {
                Target = parse.GetValue(target),
                BuildArgs = parse.GetValue(buildArgs) ?? [],
                TargetPlatform = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null,
            };
            var path = DockerfileInput.ResolvePath(parse.GetValue(file), parse.GetValue(context));
            Write(path, options, parse.GetValue(format)!, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    /// <summary>Plans the Dockerfile at <paramref name="path"/> and writes the outline (also <c>hoist build --call=outline</c>).</summary>
    public static void Write(string path, PlanOptions options, string format, TextWriter output)
    {
        // An outline builds nothing, so a base that needs a build arg without a default is shown as written.
        var plan = DockerfileInput.Plan(path, options with { ListingOnly = true });
        if (format == "json")
        {
            OutlineRenderer.WriteJson(plan, output);
        }
        else
        {
            OutlineRenderer.WriteText(plan, output);
        }
    }
}
