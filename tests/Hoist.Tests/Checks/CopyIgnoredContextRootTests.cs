using Hoist.Building.Context;
using Hoist.Cli;
using Hoist.Planning;

namespace Hoist.Tests.Checks;

/// <summary>
/// BuildKit's testCopyIgnoredFileContextRoot: <c>COPY . .</c> copies the context root, which a dotfile pattern such as
/// <c>.*</c> does not exclude, but a catch-all such as <c>*</c> leaves empty; and testCopyIgnoredFiles: with an
/// exception (<c>!Dockerfile</c>) nothing is checked. CopyIgnoredFile is a default rule since Dockerfile 1.21.
/// </summary>
public sealed class CopyIgnoredContextRootTests
{
    private const string Dockerfile = "FROM scratch\nCOPY . .\n";

    [Theory]
    [InlineData("\n.*\n", new string[0])]
    [InlineData("\n*\n", new[] { "2 CopyIgnoredFile Attempting to Copy file \".\" that is excluded by .dockerignore" })]
    [InlineData("**\n", new[] { "2 CopyIgnoredFile Attempting to Copy file \".\" that is excluded by .dockerignore" })]
    [InlineData("*\n!Dockerfile\n", new string[0])]
    [InlineData("\n**\n!Dockerfile\n", new string[0])]
    [InlineData("build\n", new string[0])]
    public void The_context_root_is_ignored_only_by_a_catch_all_pattern(string dockerignore, string[] expected)
    {
        var directory = Directory.CreateTempSubdirectory("hoist-ignored-root-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "Dockerfile"), Dockerfile);
            File.WriteAllText(Path.Combine(directory, ".dockerignore"), dockerignore);

            var report = DockerfileFrontend.Check(Dockerfile, "Dockerfile", new PlanOptions(), ContextCheckInputs.For(directory));

            Assert.Equal(expected, report.Findings.Where(f => f.Rule.Name == "CopyIgnoredFile").Select(f => $"{f.Line} {f.Rule.Name} {f.Message}"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_path_below_the_root_is_matched_as_the_build_matches_it()
    {
        var ignore = DockerIgnore.Parse(".*\nbuild\n");

        Assert.True(ContextCheckInputs.IsIgnored(ignore, "/.git"));
        Assert.True(ContextCheckInputs.IsIgnored(ignore, "build/out.o"));
        Assert.False(ContextCheckInputs.IsIgnored(ignore, "./"));
        Assert.False(ContextCheckInputs.IsIgnored(ignore, "src"));
    }
}
