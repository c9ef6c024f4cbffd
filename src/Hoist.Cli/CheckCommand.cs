using System.CommandLine;
using Hoist.Checks;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist check [-f F] [--target T] [--build-arg …] [--platform P] [--format text|json|sarif] [--fail-on …] CONTEXT</c>:
/// BuildKit's build checks and Hoist's own, without building. Exits non-zero only when the Dockerfile's
/// <c># check=error=true</c> (or BUILDKIT_DOCKERFILE_CHECK) makes a finding fatal, when <c>--fail-on</c> matches a
/// finding, or when the Dockerfile has an error.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var file = DockerfileInput.CreateFileOption();
        var target = new Option<string?>("--target") { Description = "Stage to check (default: every stage)" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Build argument NAME=VALUE (or NAME from the environment); repeatable", DefaultValueFactory = _ => [] };
        var platform = new Option<string?>("--platform") { Description = "Target platform os/arch[/variant] (default: this machine's)" };
        var format = new Option<string>("--format") { Description = "Output: text (as docker build --call=check), json (its format=json) or sarif (SARIF 2.1.0)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var failOn = new Option<string[]>("--fail-on")
        {
            Description = "Exit 1 when a finding matches: a rule name, buildkit, hoist or all (comma-separated; repeatable)",
            DefaultValueFactory = _ => [],
        };
        var context = DockerfileInput.CreateContextArgument();
        var command = new Command("check", "Check a Dockerfile: BuildKit's build checks and Hoist's rules for multi-stage mistakes")
        {
            file, target, buildArgs, platform, format, failOn, context,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new PlanOptions
            {
                Target = parse.GetValue(target),
                BuildArgs = parse.GetValue(buildArgs) ?? [],
                TargetPlatform = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null,
            };
            var selectors = FailOn.Parse(parse.GetValue(failOn) ?? []);
            var contextDirectory = parse.GetValue(context) ?? ".";
            var dockerfile = DockerfileInput.ResolvePath(parse.GetValue(file), contextDirectory);
            var check = await DockerfileCheck.RunAsync(dockerfile, contextDirectory, options, ExistingStore(parse), cancellationToken);
            return Write(check, parse.GetValue(format)!, selectors, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>The store if its directory exists: a check reads base image configs from it but never creates one.</summary>
    public static Content.ContentStore? ExistingStore(ParseResult parse)
    {
        var root = Content.StateDirectory.Resolve(parse.GetValue(GlobalOptions.Root));
        return Directory.Exists(root) ? Content.ContentStore.Open(root) : null;
    }

    /// <summary>Writes the report in the format asked for; the exit code as documented on the class.</summary>
    public static int Write(DockerfileCheck check, string format, FailOn failOn, TextWriter output, TextWriter error)
    {
        var report = check.Report;
        switch (format)
        {
            case "json": CheckJsonRenderer.Write(output, report, check.FileName, check.Text); break;
            case "sarif": SarifRenderer.Write(output, report, check.ArtifactUri); break;
            default: CheckTextRenderer.WriteReport(output, report, check.FileName, check.Text); break;
        }
        if (report.Error is not null) return 1;
        if (report.Violation is { } violation)
        {
            error.WriteLine($"error: {violation}");
            return 1;
        }
        if (failOn.Matches(report.Findings) is { } matched)
        {
            error.WriteLine($"error: --fail-on: {matched}");
            return 1;
        }
        return 0;
    }
}
