using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>The one child-process runner: arguments as a list, stdin, output, exit codes, timeouts and cancellation.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task Input_goes_to_stdin_and_both_outputs_come_back()
    {
        var result = await ChildProcess.RunAsync(new ChildProcessStart("sh", ["-c", "read line; echo \"out $line\"; echo err >&2; exit 3"])
        {
            Input = "a b;$(x)\n",
        });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out a b;$(x)\n", result.Output);
        Assert.Equal("err\n", result.Error);
    }

    [Fact]
    public async Task Streamed_lines_are_handed_over_and_not_collected()
    {
        var lines = new List<(string, bool)>();

        var result = await ChildProcess.RunAsync(new ChildProcessStart("sh", ["-c", "echo one; echo two >&2"])
        {
            OnLine = (text, isError) => { lock (lines) lines.Add((text, isError)); },
        });

        Assert.Equal([("one", false), ("two", true)], lines.OrderBy(l => l.Item1));
        Assert.Empty(result.Output + result.Error);
    }

    [Fact]
    public async Task A_missing_program_cannot_start()
    {
        var error = await Assert.ThrowsAsync<ChildProcessStartException>(
            () => ChildProcess.RunAsync(new ChildProcessStart("hoist-no-such-program", [])));

        Assert.Equal("hoist-no-such-program", error.Program);
        Assert.StartsWith("cannot run hoist-no-such-program: ", error.Message);
    }

    [Fact]
    public async Task A_timeout_stops_the_program()
    {
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<TimeoutException>(() => ChildProcess.RunAsync(new ChildProcessStart("sleep", ["30"])
        {
            Timeout = TimeSpan.FromMilliseconds(200),
        }));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Cancellation_runs_the_callers_stop_and_then_cancels()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopped = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcess.RunAsync(new ChildProcessStart("sleep", ["30"])
        {
            Stop = process =>
            {
                stopped = true;
                process.Kill();
                return process.WaitForExitAsync();
            },
        }, cancel.Token));

        Assert.True(stopped);
    }
}
