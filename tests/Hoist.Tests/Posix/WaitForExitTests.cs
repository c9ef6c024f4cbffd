using System.Diagnostics;
using Hoist.Posix;

namespace Hoist.Tests.Posix;

public sealed class WaitForExitTests
{
    [Fact]
    public void A_process_still_running_at_the_deadline_is_reported_running()
    {
        using var sleeper = Process.Start("sleep", "30");
        try
        {
            Assert.False(Native.WaitForExit(sleeper.Id, 50));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void A_process_that_exits_before_the_deadline_is_reported_gone()
    {
        using var sleeper = Process.Start("sleep", "0.2");

        Assert.True(Native.WaitForExit(sleeper.Id, 10_000));
    }

    [Fact]
    public void A_pid_with_no_process_is_gone()
    {
        using var done = Process.Start("true");
        done.WaitForExit();

        Assert.True(Native.WaitForExit(done.Id, 0));
    }
}
