using CsCheck;
using Hoist.Posix;

namespace Hoist.Tests.Posix;

public sealed class GoDurationTests
{
    [Fact]
    public void Sum_of_units_is_the_duration()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 59], Gen.Int[0, 59], Gen.Int[0, 999]).Sample(t =>
        {
            var (h, m, s, ms) = t;
            Assert.True(GoDuration.TryParse($"{h}h{m}m{s}s{ms}ms", out var duration, out var nanoseconds, out _));
            var expected = TimeSpan.FromHours(h) + TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(s) + TimeSpan.FromMilliseconds(ms);
            Assert.Equal(expected, duration);
            Assert.Equal(expected.Ticks * 100m, nanoseconds);
        });
    }

    [Theory]
    [InlineData("-1.5s", -15_000_000L)]
    [InlineData("1.25m", 750_000_000L)]
    [InlineData("150ns", 1L)]
    [InlineData("2562047h", 2562047L * 36_000_000_000L)]
    public void Signs_fractions_and_truncation(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var duration, out _, out _));
        Assert.Equal(TimeSpan.FromTicks(ticks), duration);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("1h1", "time: missing unit in duration \"1h1\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("1 s", "time: unknown unit \" s\" in duration \"1 s\"")]
    [InlineData("2562048h", "time: invalid duration \"2562048h\"")]
    [InlineData("99999999999999999999h", "time: invalid duration \"99999999999999999999h\"")]
    public void Invalid(string text, string error)
    {
        Assert.False(GoDuration.TryParse(text, out _, out _, out var message));
        Assert.Equal(error, message);
    }
}
