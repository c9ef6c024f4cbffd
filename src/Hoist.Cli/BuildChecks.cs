using Hoist.Checks;
using Hoist.Content;
using Hoist.Dockerfile;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// The Dockerfile checks around <c>hoist build</c>: before anything runs, <c>error=true</c> findings and a --from that is
/// a typo of a stage name fail the build; after it, the warnings are listed as buildx lists them.
/// </summary>
public sealed class BuildChecks
{
    private readonly string _dockerfile;
    private readonly string _contextDirectory;
    private readonly PlanOptions _options;
    private readonly ContentStore _store;
    private IReadOnlyList<CheckFinding>? _afterBuild;

    private BuildChecks(string dockerfile, string contextDirectory, PlanOptions options, ContentStore store)
    {
        (_dockerfile, _contextDirectory, _options, _store) = (dockerfile, contextDirectory, options, store);
    }

    /// <summary>
    /// Checks the Dockerfile before the build. Throws (after listing the findings) when <c>error=true</c> makes one
    /// fatal, or when a --from names no stage but is a typo of one (BuildKit would build every other stage first and
    /// then fail pulling it). A Dockerfile error is left to planning, which reports it the same way, after the
    /// warnings found before it.
    /// </summary>
    public static async Task<BuildChecks> BeforeBuildAsync(
        string dockerfile, string contextDirectory, PlanOptions options, ContentStore store, TextWriter error, CancellationToken cancellationToken)
    {
        var checks = new BuildChecks(dockerfile, contextDirectory, options, store);
        if (dockerfile == "-") return checks; // stdin is read once, by the build
        var check = await DockerfileCheck.RunAsync(dockerfile, contextDirectory, options, store, cancellationToken);
        if (check.Report.Findings.FirstOrDefault(f => f.Rule == HoistRules.UnknownFromStage) is { } typo)
        {
            throw new DockerfileException(check.FileName, typo.Line, $"{typo.Message}; to use an image of that name, give its tag");
        }
        if (check.Report.Error is not null)
        {
            // BuildKit lists the warnings found before a Dockerfile error; the error itself is planning's to report.
            CheckTextRenderer.WriteBuildSummary(error, check.Report.Findings, color: false);
            return checks;
        }
        if (check.Report.Violation is { } violation)
        {
            CheckTextRenderer.WriteBuildSummary(error, check.Report.Findings, color: false);
            throw new HoistException($"{check.FileName}: {violation}");
        }
        return checks;
    }

    /// <summary>Lists the findings after the build, checked again now that the base images are in the store.</summary>
    public async Task WriteWarningsAsync(TextWriter error, CancellationToken cancellationToken)
    {
        if (_dockerfile == "-") return;
        var color = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        CheckTextRenderer.WriteBuildSummary(error, await FindingsAsync(cancellationToken), color);
    }

    /// <summary>The findings after the build (checked once), for the warnings list and <c>--metadata-file</c>.</summary>
    public async Task<IReadOnlyList<CheckFinding>> FindingsAsync(CancellationToken cancellationToken)
    {
        if (_dockerfile == "-") return [];
        return _afterBuild ??= (await DockerfileCheck.RunAsync(_dockerfile, _contextDirectory, _options, _store, cancellationToken)).Report.Findings;
    }
}
