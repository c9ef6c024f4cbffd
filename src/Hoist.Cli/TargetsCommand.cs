using System.CommandLine;
using System.Text.Json;
using Hoist.Cli.Json;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary><c>hoist targets</c>: every stage that can be built, and which one is built by default.</summary>
public static class TargetsCommand
{
    public static Command Create()
    {
        var file = DockerfileInput.CreateFileOption();
        var format = DockerfileInput.CreateFormatOption();
        var buildArgs = DockerfileInput.CreateBuildArgOption();
        var context = DockerfileInput.CreateContextArgument();

        var command = new Command("targets", "List the stages of a Dockerfile that can be built with --target") { file, format, buildArgs, context };
        command.SetAction(parse =>
        {
            var options = new PlanOptions { BuildArgs = parse.GetValue(buildArgs) ?? [] };
            Write(DockerfileInput.ResolvePath(parse.GetValue(file), parse.GetValue(context)), options, parse.GetValue(format)!, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the stages of the Dockerfile at <paramref name="path"/> (also <c>hoist build --call=targets</c>).</summary>
    public static void Write(string path, PlanOptions options, string format, TextWriter output)
    {
        // Listing stages needs no base: one that needs a build arg without a default is shown as written.
        var plan = DockerfileInput.Plan(path, options with { ListingOnly = true, Target = null });
        var targets = ToEntries(plan);
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(new TargetsDocument(targets), CliJsonContext.Default.TargetsDocument));
            return;
        }
        var described = targets.Any(t => t.Description is not null);
        var table = described ? new TextTable("TARGET", "BASE", "PLATFORM", "DESCRIPTION") : new TextTable("TARGET", "BASE", "PLATFORM");
        foreach (var target in targets)
        {
            var name = target.Name ?? target.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var baseText = target.BaseKind is "stage" or "context" ? $"{target.BaseKind} {target.Base}" : target.Base;
            string[] row = [target.Default ? $"{name} (default)" : name, baseText, target.Platform ?? ""];
            table.Add(described ? [.. row, target.Description ?? ""] : row);
        }
        table.WriteTo(output, gap: 2);
    }

    public static IReadOnlyList<TargetEntry> ToEntries(BuildPlan plan) =>
    [
        .. plan.Stages.Select(stage => new TargetEntry(
            stage.Index,
            stage.Name,
            stage.BaseName,
            OutlineRenderer.Describe(stage.BaseKind),
            stage.From.Platform,
            stage.Index == plan.Stages.Count - 1,
            stage.From.Line,
            stage.Description)),
    ];
}
