using System.CommandLine;
using Hoist.Checks;
using Hoist.Planning;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist build --check</c> and <c>--call=build|check|outline|targets[,format=text|json|sarif]</c>, docker buildx's
/// spelling for running a frontend subrequest instead of the build: check is <c>hoist check</c>, outline and targets are
/// <c>hoist outline</c> and <c>hoist targets</c>.
/// </summary>
public static class BuildCalls
{
    private static readonly Option<bool> Check = new("--check") { Description = "Only check the Dockerfile (same as --call=check)" };

    private static readonly Option<string?> Call = new("--call")
    {
        Description = "Run instead of the build: check, outline or targets (add ,format=json or ,format=sarif; check exits 1 on a finding unless ,ignorestatus=true); build is the default",
        HelpName = "REQUEST[,format=F][,ignorestatus=B]",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Check);
        command.Options.Add(Call);
    }

    /// <summary>Runs the requested call and returns its exit code; null when the build itself should run.</summary>
    public static async Task<int?> RunAsync(ParseResult parse, string dockerfile, string contextDirectory, PlanOptions options, CancellationToken cancellationToken)
    {
        var call = Requested(parse);
        var output = parse.InvocationConfiguration.Output;
        switch (call.Request)
        {
            case "build":
                return null;
            case "check":
                var check = await DockerfileCheck.RunAsync(dockerfile, contextDirectory, options, CheckCommand.ExistingStore(parse), cancellationToken);
                var code = CheckCommand.Write(check, call.Format, FailOn.Parse([]), output, parse.InvocationConfiguration.Error);
                // BuildKit's lint result carries status 1 when it found anything, and buildx exits with it unless
                // ignorestatus is set; an error is a failure either way. Hoist's own rules do not change the status.
                var found = check.Report.Findings.Any(f => f.Rule.Origin == CheckOrigin.BuildKit);
                return code == 0 && found && !call.IgnoreStatus ? 1 : code;
            case "outline":
                BuildKitOutlineRenderer.Write(dockerfile, options, call.Format == "json" ? "json" : "text", output);
                return 0;
            default:
                BuildKitTargetsRenderer.Write(dockerfile, call.Format == "json" ? "json" : "text", output);
                return 0;
        }
    }

    private sealed record CallRequest(string Request, string Format, bool IgnoreStatus);

    /// <summary>buildx's ParseCallFunc: a name (<c>lint</c> is <c>check</c>), <c>format=</c> and <c>ignorestatus=</c>.</summary>
    private static CallRequest Requested(ParseResult parse)
    {
        if (parse.GetValue(Check)) return new("check", "text", false);
        if (parse.GetValue(Call) is not { Length: > 0 } call) return new("build", "text", false);
        var parts = SpecFields.Split(call, trim: true);
        var request = new CallRequest(parts[0] == "lint" ? "check" : parts[0], "text", false);
        foreach (var part in parts.Skip(1))
        {
            request = SpecFields.ParseField(part) switch
            {
                ("format", "text" or "json" or "sarif") field => request with { Format = field.Value! },
                ("ignorestatus", var value) when GoBool.TryParse(value, out var ignore) => request with { IgnoreStatus = ignore },
                ("ignorestatus", var value) => throw new HoistException($"--call: invalid ignorestatus print value: {value}"),
                _ => throw new HoistException($"--call: invalid option \"{part}\" (format=text|json|sarif, ignorestatus=true|false)"),
            };
        }
        return request.Request switch
        {
            "build" or "check" or "outline" or "targets" => request,
            var other => throw new HoistException($"--call: unknown request \"{other}\" (build, check, outline or targets)"),
        };
    }
}
