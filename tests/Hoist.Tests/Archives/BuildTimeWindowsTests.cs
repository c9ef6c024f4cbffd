using Hoist.Archives;

namespace Hoist.Tests.Archives;

/// <summary>Which file times SOURCE_DATE_EPOCH rewriting takes for a build's own (issue 16).</summary>
public sealed class BuildTimeWindowsTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(400);
    private static readonly BuildTimeWindows Window = BuildTimeWindows.Step(Started, Started.AddSeconds(3));

    [Fact]
    public void A_context_file_saved_in_the_second_the_step_started_but_before_it_is_not_the_builds()
    {
        Assert.False(Window.Contains(1_700_000_000, 100_000_000));
        Assert.False(Window.Contains(1_699_999_999, 900_000_000));
    }

    [Fact]
    public void Times_the_step_wrote_are_the_builds_even_from_a_clock_a_tick_behind()
    {
        Assert.True(Window.Contains(1_700_000_000, 395_000_000));
        Assert.True(Window.Contains(1_700_000_002, 1));
        Assert.True(Window.Contains(1_700_000_004, 999_999_999));
        Assert.False(Window.Contains(1_700_000_005, 1));
    }

    [Fact]
    public void A_whole_second_counts_when_any_part_of_it_is_in_a_window()
    {
        Assert.True(Window.Contains(1_700_000_000));
        Assert.True(Window.Contains(1_700_000_000, 0));
        Assert.False(Window.Contains(1_699_999_999));
        Assert.False(Window.Contains(1_700_000_005));
    }

    [Fact]
    public void Windows_survive_their_text_and_merge_when_they_touch()
    {
        var later = BuildTimeWindows.Step(Started.AddSeconds(100), Started.AddSeconds(101));
        var both = Window.Union(later);
        Assert.Equal(2, both.Intervals.Count);
        Assert.Equal(both, BuildTimeWindows.Parse(both.ToString()));
        Assert.Single(Window.Union(BuildTimeWindows.Step(Started.AddSeconds(2), Started.AddSeconds(10))).Intervals);
        Assert.Null(BuildTimeWindows.Parse("5-3"));
    }
}
