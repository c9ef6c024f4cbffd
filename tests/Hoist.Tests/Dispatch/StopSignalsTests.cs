using Hoist.Dispatch;

namespace Hoist.Tests.Dispatch;

/// <summary>STOPSIGNAL values BuildKit v0.25.2 accepts and refuses (moby/sys/signal.ParseSignal).</summary>
public sealed class StopSignalsTests
{
    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("sigkill")]
    [InlineData("TERM")]
    [InlineData("SIGRTMIN+3")]
    [InlineData("99999")]
    [InlineData("9")]
    public void A_signal_name_or_non_zero_number_is_kept_as_written(string signal) => Assert.Equal(signal, StopSignals.Validate(signal));

    [Theory]
    [InlineData("BOGUS")]
    [InlineData("0")]
    [InlineData("SIGRTMIN+16")]
    [InlineData("")]
    public void Anything_else_is_an_invalid_signal(string signal) =>
        Assert.Equal($"invalid signal: {signal}", Assert.Throws<HoistException>(() => StopSignals.Validate(signal)).Message);
}
