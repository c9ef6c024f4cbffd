using Hoist.Cli;

namespace Hoist.Tests.Cli;

public sealed class HumanUnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1500, "1.5kB")]
    [InlineData(4_261_550, "4.26MB")]
    [InlineData(77_800_000, "77.8MB")]
    [InlineData(1_234_567_890, "1.23GB")]
    public void Sizes_are_decimal_with_three_significant_digits(long bytes, string expected)
    {
        Assert.Equal(expected, HumanUnits.Size(bytes));
    }

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(90, "About a minute")]
    [InlineData(30 * 60, "30 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Durations_read_like_docker(double seconds, string expected)
    {
        Assert.Equal(expected, HumanUnits.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Missing_creation_time_is_not_applicable()
    {
        Assert.Equal("N/A", HumanUnits.Ago(null));
    }

    [Fact]
    public void Table_pads_cells_to_at_least_ten_and_three_past_the_widest_but_not_the_last_column()
    {
        var table = new TextTable("A", "LONGER HEADER", "LAST");
        table.Add("x", "y", "a much longer last cell");
        var output = new StringWriter { NewLine = "\n" };

        table.WriteTo(output, minimumWidth: 10);

        Assert.Equal("A         LONGER HEADER   LAST\nx         y               a much longer last cell\n", output.ToString());
    }
}
