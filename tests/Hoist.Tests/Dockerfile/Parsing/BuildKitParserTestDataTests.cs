using Hoist.Dockerfile;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Tests.Dockerfile.Parsing;

/// <summary>
/// BuildKit's own parser test data (testfiles/README.md says where it comes from): every positive Dockerfile parses to
/// the instructions, flags and arguments of its <c>result</c> dump, and every negative one is refused with one line
/// naming the file (and the line, where the cause has one).
/// </summary>
public sealed class BuildKitParserTestDataTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Dockerfile", "Parsing", "testfiles");

    public static TheoryData<string> Positive() => Cases("positive");

    public static TheoryData<string> Negative() => Cases("negative");

    private static TheoryData<string> Cases(string kind) =>
        new(Directory.GetDirectories(Path.Combine(Root, kind)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Positive))]
    public void Positive_case_parses_to_BuildKits_dump(string name)
    {
        var directory = Path.Combine(Root, "positive", name);
        var syntax = DockerfileParser.Parse(File.ReadAllText(Path.Combine(directory, "Dockerfile")));

        var expected = File.ReadAllText(Path.Combine(directory, "result")).TrimEnd('\n');
        Assert.Equal(expected, BuildKitParserDump.Dump(syntax));
    }

    /// <summary>Hoist's line and cause for each negative case; a new case without one fails.</summary>
    private static readonly Dictionary<string, (int Line, string Cause)> NegativeErrors = new()
    {
        ["empty_dockerfile"] = (0, "the Dockerfile cannot be empty"),
        ["only_comments"] = (3, "file with no instructions"),
        ["env_no_value"] = (3, "ENV must have two arguments"),
        ["shykes-nested-json"] = (1, "when using JSON array syntax, arrays must be comprised of strings only"),
    };

    [Theory]
    [MemberData(nameof(Negative))]
    public void Negative_case_fails_with_one_line_naming_file_and_line(string name)
    {
        var path = Path.Combine(Root, "negative", name, "Dockerfile");

        var error = Assert.Throws<DockerfileException>(() => DockerfileFrontend.Plan(File.ReadAllText(path), "Dockerfile", new PlanOptions()));

        Assert.Equal(("Dockerfile", NegativeErrors[name]), (error.File, (error.Line, error.Cause)));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Line_numbers_span_each_instruction_with_its_continuations()
    {
        var syntax = DockerfileParser.Parse(File.ReadAllText(Path.Combine(Root, "line", "Dockerfile")));

        Assert.Equal([(5, 5), (11, 12), (17, 31)], syntax.Instructions.Select(node => (node.StartLine, node.EndLine)));
    }
}
