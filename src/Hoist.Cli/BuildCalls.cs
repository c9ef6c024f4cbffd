using System.CommandLine;
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
        Description = "Run instead of the build: check, outline or targets (add ,format=json or ,format=sarif); build is the default",
        HelpName = "REQUEST[,format=F]",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Check);
        command.Options.Add(Call);
    }

    /// <summary>Runs the requested call and returns its exit code; null when the build itself should run.</summary>
    public static async Task<int?> RunAsync(ParseResult parse, string dockerfile, string contextDirectory, PlanOptions options, CancellationToken cancellationToken)
    {
        var (request, format) = Requested(parse);
        var output = parse.InvocationConfiguration.Output;
        switch (request)
        {
            case "build":
                return null;
            case "check":
                var check = await DockerfileCheck.RunAsync(dockerfile, contextDirectory, options, CheckCommand.ExistingStore(parse), cancellationToken);
                return CheckCommand.Write(check, format, FailOn.Parse([]), output, parse.InvocationConfiguration.Error);
            case "outline":
                OutlineCommand.Write(dockerfile, options, format == "json" ? "json" : "text", output);
                return 0;
            default:
                TargetsCommand.Write(dockerfile, options, format == "json" ? "json" : "text", output);
                return 0;
        }
    }

    private static (string Request, string Format) Requested(ParseResult parse)
    {
        if (parse.GetValue(Check)) return ("check", "text");
        if (parse.GetValue(Call) is not { Length: > 0 } call) return ("build", "text");
        var parts = SpecFields.Split(call, trim: true);
        var format = "text";
        foreach (var part in parts.Skip(1))
        {
            format = SpecFields.ParseField(part) is ("format", "text" or "json" or "sarif") field
                ? field.Value!
                : throw new HoistException($"--call: invalid option \"{part}\" (format=text|json|sarif)");
        }
        return parts[0] switch
        {
            "build" or "check" or "outline" or "targets" => (parts[0], format),
            var other => throw new HoistException($"--call: unknown request \"{other}\" (build, check, outline or targets)"),
        };
    }
}
