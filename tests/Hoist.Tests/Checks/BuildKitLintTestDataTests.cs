using Hoist.Checks;
using Hoist.Cli;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Checks;

/// <summary>
/// BuildKit's lint tests (frontend/dockerfile/dockerfile_check_test.go; Checks/lint/README.md says where the cases come
/// from): every case's findings as <c>--call=check</c> reports them (every stage), as a build reports them (the stages
/// the default target needs), and the error that stops the check, with rule, line and message as BuildKit has them.
/// </summary>
public sealed class BuildKitLintTestDataTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Checks", "lint");

    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    public static TheoryData<string> Cases() =>
        new(Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_reports_BuildKits_findings_and_error(string name)
    {
        var report = Check(name, forBuild: false);

        Assert.Equal(Expected(name, "check"), Findings(report));
        var error = report.ErrorCause is { } cause ? $"{report.ErrorLine}: {cause}" : report.Violation is { } violation ? $"0: {violation}" : null;
        Assert.Equal(Expected(name, "error").SingleOrDefault(), error);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_build_reports_BuildKits_findings_for_the_stages_it_builds(string name)
    {
        Assert.Equal(Expected(name, "build"), Findings(Check(name, forBuild: true)));
    }

    [Fact]
    public void Rule_descriptions_and_urls_are_BuildKits()
    {
        // From the expectedLintWarning values of dockerfile_check_test.go.
        Assert.Equal("Sensitive data should not be used in the ARG or ENV commands", BuildKitRules.SecretsUsedInArgOrEnv.Description);
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/", BuildKitRules.SecretsUsedInArgOrEnv.Url);
        Assert.Equal("Attempting to Copy file that is excluded by .dockerignore", BuildKitRules.CopyIgnoredFile.Description);
        Assert.False(BuildKitRules.CopyIgnoredFile.Experimental);
        Assert.True(BuildKitRules.InvalidDefinitionDescription.Experimental);
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/", BuildKitRules.InvalidDefinitionDescription.Url);
    }

    /// <summary>Checked as BuildKit's test runs it: the case directory is the context, base images are linux/amd64 with
    /// alpine's and busybox's PATH (UndefinedVar's "did you mean $PATH").</summary>
    private static CheckReport Check(string name, bool forBuild)
    {
        var directory = Path.Combine(Root, name);
        var context = Directory.CreateTempSubdirectory("hoist-lint-").FullName;
        try
        {
            File.Copy(Path.Combine(directory, "Dockerfile"), Path.Combine(context, "Dockerfile"));
            var ignore = Path.Combine(directory, "dockerignore");
            if (File.Exists(ignore)) File.Copy(ignore, Path.Combine(context, ".dockerignore"));
            var options = new PlanOptions { BuildArgs = BuildArgs(directory), BuildPlatform = Amd64, EnvironmentLookup = _ => null };
            var inputs = ContextCheckInputs.For(context) with
            {
                BaseImage = image => image == "scratch" ? null : new BaseImageFacts
                {
                    Platform = Amd64,
                    Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                },
                ForBuild = forBuild,
            };
            return DockerfileFrontend.Check(File.ReadAllText(Path.Combine(context, "Dockerfile")), "Dockerfile", options, inputs);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>The case's build args, one <c>NAME=VALUE</c> a line (BuildKit's test sets them as frontend attributes).</summary>
    private static IReadOnlyList<string> BuildArgs(string directory)
    {
        var file = Path.Combine(directory, "build-args");
        return File.Exists(file) ? [.. File.ReadAllLines(file).Where(l => l.Length > 0)] : [];
    }

    /// <summary>BuildKit's rules' findings as "LINE RULE: MESSAGE", in BuildKit's test order (line, then message).</summary>
    private static IReadOnlyList<string> Findings(CheckReport report) =>
        [.. report.Findings.Where(f => f.Rule.Origin == CheckOrigin.BuildKit)
            .OrderBy(f => f.Line).ThenBy(f => f.Message, StringComparer.Ordinal)
            .Select(f => $"{f.Line} {f.Rule.Name}: {f.Message}")];

    private static IReadOnlyList<string> Expected(string name, string kind) =>
        [.. File.ReadAllLines(Path.Combine(Root, name, "expected"))
            .Where(l => l.StartsWith(kind + " ", StringComparison.Ordinal))
            .Select(l => l[(kind.Length + 1)..])];
}
