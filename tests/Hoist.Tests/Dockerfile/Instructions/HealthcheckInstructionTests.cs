using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

public sealed class HealthcheckInstructionTests
{
    [Fact]
    public void None_disables_the_check()
    {
        var hc = Read<HealthcheckInstruction>("healthcheck", "none");
        Assert.Equal(["NONE"], hc.Test);
        Assert.Null(hc.Interval);
        Assert.Null(hc.Retries);
    }

    [Fact]
    public void Shell_form_is_cmd_shell()
    {
        var hc = Read<HealthcheckInstruction>("healthcheck", "CMD   curl -f http://localhost/ || exit 1");
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], hc.Test);
    }

    [Fact]
    public void Exec_form_is_cmd_with_arguments()
    {
        var hc = Read<HealthcheckInstruction>("healthcheck", "cmd [\"/bin/check\", \"--quick\"]");
        Assert.Equal(["CMD", "/bin/check", "--quick"], hc.Test);
    }

    [Fact]
    public void All_options()
    {
        var hc = Read<HealthcheckInstruction>("healthcheck", "CMD true",
            "--interval=1m30s", "--timeout=500ms", "--start-period=1.5h", "--start-interval=0", "--retries=3");
        Assert.Equal(TimeSpan.FromSeconds(90), hc.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), hc.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(90), hc.StartPeriod);
        Assert.Equal(TimeSpan.Zero, hc.StartInterval);
        Assert.Equal(3, hc.Retries);
    }

    [Theory]
    [InlineData("30s", 300_000_000L)]
    [InlineData("1h2m3s", 37_230_000_000L)]
    [InlineData("1ms", 10_000L)]
    [InlineData("1000us", 10_000L)]
    [InlineData("1000µs", 10_000L)]
    [InlineData("2000000ns", 20_000L)]
    [InlineData(".5s", 5_000_000L)]
    [InlineData("1.s", 10_000_000L)]
    [InlineData("+2m", 1_200_000_000L)]
    [InlineData("0s", 0L)]
    [InlineData("0", 0L)]
    public void Durations_use_go_syntax(string text, long ticks)
    {
        var hc = Read<HealthcheckInstruction>("healthcheck", "CMD true", "--interval=" + text);
        Assert.Equal(TimeSpan.FromTicks(ticks), hc.Interval);
    }

    [Fact]
    public void Empty_duration_means_not_set()
    {
        Assert.Null(Read<HealthcheckInstruction>("healthcheck", "CMD true", "--timeout=").Timeout);
    }

    [Theory]
    [InlineData("--interval=1", "time: missing unit in duration \"1\" for --interval")]
    [InlineData("--timeout=5x", "time: unknown unit \"x\" in duration \"5x\" for --timeout")]
    [InlineData("--start-period=abc", "time: invalid duration \"abc\" for --start-period")]
    [InlineData("--start-interval=.s", "time: invalid duration \".s\" for --start-interval")]
    [InlineData("--interval=999us", "Interval \"interval\" cannot be less than 1ms")]
    [InlineData("--timeout=1ns", "Interval \"timeout\" cannot be less than 1ms")]
    [InlineData("--start-period=-5s", "Interval \"start-period\" cannot be less than 1ms")]
    [InlineData("--retries=-1", "--retries cannot be negative (-1)")]
    [InlineData("--retries=three", "invalid value for --retries: \"three\" is not a 32-bit integer")]
    [InlineData("--retries=99999999999", "invalid value for --retries: \"99999999999\" is not a 32-bit integer")]
    [InlineData("--interval", "missing a value on flag: --interval for HEALTHCHECK")]
    [InlineData("--period=1s", "unknown flag: --period for HEALTHCHECK")]
    public void Bad_options(string flag, string cause)
    {
        Assert.StartsWith(cause, Error("healthcheck", "CMD true", flag));
    }

    [Theory]
    [InlineData("NONE extra", "HEALTHCHECK NONE takes no arguments")]
    [InlineData("CMD", "Missing command after HEALTHCHECK CMD")]
    [InlineData("CMD []", "Missing command after HEALTHCHECK CMD")]
    [InlineData("RUN true", "Unknown type \"RUN\" in HEALTHCHECK (try CMD)")]
    [InlineData("CMD [\"a\", 2]", "when using JSON array syntax, arrays must be comprised of strings only")]
    public void Bad_forms(string rest, string cause) => Assert.Equal(cause, Error("healthcheck", rest));
}
