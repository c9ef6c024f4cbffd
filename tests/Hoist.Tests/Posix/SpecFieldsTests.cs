using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>Option values: CSV as BuildKit and buildx read it, plain comma fields, KEY=VALUE.</summary>
public sealed class SpecFieldsTests
{
    private static IReadOnlyList<string> Csv(string text, bool allowBareQuotes = false) =>
        SpecFields.SplitCsv(text, allowBareQuotes, problem => new HoistException(problem.ToString()));

    [Fact]
    public void A_quoted_field_keeps_its_commas_and_doubled_quotes()
    {
        Assert.Equal(["type=image", "name=a,b", "x=\"y\""], Csv("type=image,\"name=a,b\",\"x=\"\"y\"\"\""));
    }

    [Fact]
    public void Empty_fields_are_kept()
    {
        Assert.Equal(["", "a", ""], Csv(",a,"));
        Assert.Equal([""], Csv(""));
    }

    [Theory]
    [InlineData("\"a,b", CsvProblem.UnclosedQuote)]
    [InlineData("\"a\"b,c", CsvProblem.TextAfterQuote)]
    [InlineData("a\"b", CsvProblem.BareQuote)]
    public void Bad_quoting_is_reported_to_the_callers_factory(string text, CsvProblem problem)
    {
        var error = Assert.Throws<HoistException>(() => Csv(text));
        Assert.Equal(problem.ToString(), error.Message);
    }

    [Fact]
    public void A_bare_quote_is_text_where_the_caller_allows_it()
    {
        Assert.Equal(["a\"b", "c"], Csv("a\"b,c", allowBareQuotes: true));
    }

    [Fact]
    public void Split_cuts_at_every_comma_and_trims_on_request()
    {
        Assert.Equal(["id=a", " src=\"b"], SpecFields.Split("id=a, src=\"b"));
        Assert.Equal(["type=registry", "ref=r"], SpecFields.Split(" type=registry , ref=r", trim: true));
    }

    [Fact]
    public void ParseField_cuts_at_the_first_equals_sign()
    {
        Assert.Equal(new SpecField("src", "a=b"), SpecFields.ParseField("src=a=b"));
        Assert.Equal(new SpecField("ro", null), SpecFields.ParseField("ro"));
        Assert.Equal(new SpecField("", "v"), SpecFields.ParseField("=v"));
    }
}
