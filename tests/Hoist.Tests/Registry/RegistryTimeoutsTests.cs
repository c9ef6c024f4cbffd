using Hoist.Registry;

namespace Hoist.Tests.Registry;

public sealed class RegistryTimeoutsTests
{
    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_are_seconds_or_carry_a_unit(string text, int milliseconds)
    {
        Assert.True(RegistryTimeouts.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3")]
    [InlineData("10h")]
    public void Other_text_is_not_a_duration(string text) => Assert.False(RegistryTimeouts.TryParse(text, out _));

    [Fact]
    public void Defaults_are_thirty_seconds_for_headers_and_a_minute_without_progress()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RegistryTimeouts.Default.ResponseHeaders);
        Assert.Equal(TimeSpan.FromSeconds(60), RegistryTimeouts.Default.Idle);
    }
}
