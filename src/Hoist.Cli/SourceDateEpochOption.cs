using System.CommandLine;
using Hoist.Building.Context.Git;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>--source-date-epoch context|none|N</c>: where a build's epoch comes from when the build args, the environment and
/// the Dockerfile give none. <c>context</c> (the default) takes the HEAD commit time of the git checkout holding the
/// context, <c>none</c> leaves the wall clock (docker's behaviour), a number is the epoch itself, as
/// <c>--build-arg SOURCE_DATE_EPOCH=N</c> (which still wins when given too).
/// </summary>
public static class SourceDateEpochOption
{
    public static Option<string> Create() => new("--source-date-epoch")
    {
        Description = "Epoch when no SOURCE_DATE_EPOCH build arg, environment variable or ARG default gives one: context (the "
            + "git HEAD commit time of the context, the default), none (wall clock, as docker), or seconds since 1970",
        DefaultValueFactory = _ => "context",
        HelpName = "context|none|N",
    };

    /// <summary><paramref name="options"/> with the epoch <paramref name="value"/> asks for.</summary>
    public static PlanOptions Apply(PlanOptions options, string value, string contextDirectory)
    {
        switch (value)
        {
            case "none":
                return options;
            case "context":
                return Directory.Exists(contextDirectory) ? options with { ContextSourceDateEpoch = GitCommitTime.OfHead(contextDirectory) } : options;
            default:
                if (value.Length == 0 || !value.All(char.IsAsciiDigit))
                {
                    throw new HoistException($"--source-date-epoch: expected context, none or a number of seconds (got \"{value}\")");
                }
                SourceDateEpoch.Parse(value);
                return options with { BuildArgs = [$"{SourceDateEpoch.Name}={value}", .. options.BuildArgs] };
        }
    }
}
