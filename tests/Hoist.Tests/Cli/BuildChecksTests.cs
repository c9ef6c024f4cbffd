using Hoist.Checks;
using Hoist.Cli;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Tests.Content;

namespace Hoist.Tests.Cli;

/// <summary>
/// The checks around <c>hoist build</c>: the warnings listed after a build are those of the base images it started from;
/// the Dockerfile is checked again only when the build may have brought a base the first check could not see.
/// </summary>
public sealed class BuildChecksTests : IDisposable
{
    private static readonly Platform Foreign = Platform.Host.Architecture == "arm64" ? Platform.Parse("linux/amd64") : Platform.Parse("linux/arm64");
    private readonly TestStore _test = new();
    private readonly string _context;

    public BuildChecksTests()
    {
        _context = Path.Combine(_test.Root, "context");
        Directory.CreateDirectory(_context);
        File.WriteAllText(Path.Combine(_context, "Dockerfile"), "FROM example.test/base:1\nRUN true\n");
    }

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task A_base_in_the_store_before_the_build_keeps_its_findings_when_the_build_names_another_image_after_it()
    {
        await TestImages.WriteAsync(_test.Store, "example.test/base:1", ["foreign"], platform: Foreign);
        var checks = await BeforeAsync(pull: false);

        await TestImages.WriteAsync(_test.Store, "example.test/base:1", ["built"]); // as -t example.test/base:1 would

        Assert.Contains(await checks.FindingsAsync(CancellationToken.None), f => f.Rule == BuildKitRules.InvalidBaseImagePlatform);
    }

    [Fact]
    public async Task A_base_the_build_pulled_is_checked_after_the_build()
    {
        var checks = await BeforeAsync(pull: false);

        await TestImages.WriteAsync(_test.Store, "example.test/base:1", ["pulled"], platform: Foreign);

        Assert.Contains(await checks.FindingsAsync(CancellationToken.None), f => f.Rule == BuildKitRules.InvalidBaseImagePlatform);
    }

    [Fact]
    public async Task With_pull_the_bases_are_checked_again_after_the_build()
    {
        await TestImages.WriteAsync(_test.Store, "example.test/base:1", ["stale"], platform: Foreign);
        var checks = await BeforeAsync(pull: true);

        await TestImages.WriteAsync(_test.Store, "example.test/base:1", ["pulled"]);

        Assert.DoesNotContain(await checks.FindingsAsync(CancellationToken.None), f => f.Rule == BuildKitRules.InvalidBaseImagePlatform);
    }

    [Fact]
    public async Task The_check_before_the_build_hands_the_build_its_text_and_plan_so_the_file_is_read_and_planned_once()
    {
        var dockerfile = Path.Combine(_context, "Dockerfile");
        var checks = await BeforeAsync(pull: false);

        File.Delete(dockerfile); // nothing after the check may need the file again

        Assert.Equal(("FROM example.test/base:1\nRUN true\n", "Dockerfile"), checks.File);
        var plan = Assert.IsType<BuildPlan>(checks.Plan);
        Assert.Equal("example.test/base:1", plan.Target.BaseName);
        Assert.IsType<Hoist.Dockerfile.Instructions.RunInstruction>(Assert.Single(plan.Target.Instructions));
    }

    [Fact]
    public async Task A_Dockerfile_that_does_not_plan_leaves_its_error_to_the_build()
    {
        File.WriteAllText(Path.Combine(_context, "Dockerfile"), "FROM example.test/base:1 AS a\nFROM a AS a\n");

        var checks = await BeforeAsync(pull: false);

        Assert.Null(checks.Plan);
        Assert.NotNull(checks.File);
    }

    [Theory]
    [InlineData("error=yes", "failed to parse check option \"error=yes\"")]
    [InlineData("bogus=1", "invalid check option \"bogus\"")]
    public async Task A_check_directive_that_does_not_parse_fails_the_build_before_it_starts(string options, string cause)
    {
        File.WriteAllText(Path.Combine(_context, "Dockerfile"), $"# check={options}\nFROM scratch\nCMD echo hi\n");

        var error = await Assert.ThrowsAsync<HoistException>(() => BeforeAsync(pull: false));

        Assert.StartsWith("Dockerfile:1: failed to parse check options: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    private Task<BuildChecks> BeforeAsync(bool pull) => BuildChecks.BeforeBuildAsync(Path.Combine(_context, "Dockerfile"), _context,
        new PlanOptions(), _test.Store, TextWriter.Null, CancellationToken.None, pull);
}
