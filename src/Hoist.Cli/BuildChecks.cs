using Hoist.Checks;
using Hoist.Content;
using Hoist.Dockerfile;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// The Dockerfile checks around <c>hoist build</c>: before anything runs, <c>error=true</c> findings and a --from that is
/// a typo of a stage name fail the build; after it, the warnings are listed as buildx lists them. They are checked
/// again after the build only when it may have brought base images the first check could not see (pulled, or
/// <c>--pull</c>): a rebuild from images already in the store parses, plans and reads them once.
/// </summary>
public sealed class BuildChecks
{
    private readonly string _dockerfile;
    private readonly string _contextDirectory;
    private readonly PlanOptions _options;
    private readonly ContentStore _store;
    private readonly bool _pull;
    private DockerfileCheck? _beforeBuild;
    private IReadOnlyList<CheckFinding>? _afterBuild;

    private readonly bool _readsIgnoreFile;

    private BuildChecks(string dockerfile, string contextDirectory, PlanOptions options, ContentStore store, bool pull, bool readsIgnoreFile)
    {
        (_dockerfile, _contextDirectory, _options, _store, _pull, _readsIgnoreFile) = (dockerfile, contextDirectory, options, store, pull, readsIgnoreFile);
    }

    /// <summary>
    /// Checks the Dockerfile before the build. Throws (after listing the findings) when <c>error=true</c> makes one
    /// fatal, or when a --from names no stage but is a typo of one (BuildKit would build every other stage first and
    /// then fail pulling it). A Dockerfile error is left to planning, which reports it the same way, after the
    /// warnings found before it.
    /// </summary>
    /// <param name="pull">The build checks the registry for every base image (<c>--pull</c>): one in the store may change.</param>
    public static async Task<BuildChecks> BeforeBuildAsync(
        string dockerfile, string contextDirectory, PlanOptions options, ContentStore store, TextWriter error, CancellationToken cancellationToken,
        bool pull = false, bool readsIgnoreFile = true)
    {
        var checks = new BuildChecks(dockerfile, contextDirectory, options, store, pull, readsIgnoreFile);
        if (dockerfile == "-") return checks; // stdin is read once, by the build
        var check = await DockerfileCheck.RunAsync(dockerfile, contextDirectory, options, store, cancellationToken, readsIgnoreFile, forBuild: true);
        checks._beforeBuild = check;
        if (check.Report.Findings.FirstOrDefault(f => f.Rule == HoistRules.UnknownFromStage) is { } typo)
        {
            throw new DockerfileException(check.FileName, typo.Line, $"{typo.Message}; to use an image of that name, give its tag");
        }
        if (check.Report is { SettingsError: true, Error: { } settingsError })
        {
            throw new HoistException(settingsError); // as BuildKit: "failed to parse check options: …", the build does not start
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
            throw new HoistException(violation); // as BuildKit words it, without a file name
        }
        return checks;
    }

    /// <summary>The Dockerfile's text and name as the check read them (null for standard input, read by the build).</summary>
    public (string Text, string FileName)? File => _beforeBuild is { } check ? (check.Text, check.FileName) : null;

    /// <summary>The plan the check made for the build's options (null for standard input or a file that does not plan,
    /// which the build plans itself to report the error).</summary>
    public BuildPlan? Plan => _beforeBuild?.Plan;

    /// <summary>Lists the findings after the build, checked again now that the base images are in the store.</summary>
    public async Task WriteWarningsAsync(TextWriter error, CancellationToken cancellationToken)
    {
        if (_dockerfile == "-") return;
        var color = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        CheckTextRenderer.WriteBuildSummary(error, await FindingsAsync(cancellationToken), color);
    }

    /// <summary>The findings after the build (checked once), for the warnings list and <c>--metadata-file</c>: those of the
    /// check before the build when it saw every base image in the store (the images the build started from, even if
    /// the build named its result after one of them).</summary>
    public async Task<IReadOnlyList<CheckFinding>> FindingsAsync(CancellationToken cancellationToken)
    {
        if (_dockerfile == "-") return [];
        if (_beforeBuild is { BasesKnown: true } known && !_pull) return known.Report.Findings;
        return _afterBuild ??= (await DockerfileCheck.RunAsync(_dockerfile, _contextDirectory, _options, _store, cancellationToken, _readsIgnoreFile, forBuild: true)).Report.Findings;
    }
}
