using Hoist.Cli;

namespace Hoist.Tests.Cli;

/// <summary>Step logs: a failed step's log is kept, a successful build leaves nothing, prune sweeps logs of builds that ended.</summary>
public sealed class StepLogsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-logs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_kept_log_survives_dispose_and_the_others_go()
    {
        string? kept;
        using (var logs = new StepLogs(_root))
        {
            logs.Append(1, "fine");
            logs.Append(2, "boom");
            kept = logs.Keep(2);
        }

        Assert.NotNull(kept);
        Assert.Equal(["boom"], File.ReadAllLines(kept));
        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_short_log_stays_in_memory_until_it_is_kept()
    {
        using var logs = new StepLogs(_root);
        logs.Append(4, "one");
        logs.Append(4, "two");

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        var kept = logs.Keep(4);
        Assert.NotNull(kept);
        Assert.Equal(["one", "two"], File.ReadAllLines(kept));
    }

    [Fact]
    public void A_log_past_the_memory_limit_goes_to_its_file_whole()
    {
        var lines = Enumerable.Range(0, StepLogs.MemoryLimit / 10 + 100).Select(i => $"line {i:D5}").ToArray();
        using var logs = new StepLogs(_root);
        foreach (var line in lines) logs.Append(7, line);

        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
        logs.Append(7, "last");
        Assert.Equal([.. lines, "last"], File.ReadAllLines(logs.Keep(7)!));
    }

    [Fact]
    public void Without_a_root_nothing_is_written()
    {
        using var logs = new StepLogs(null);
        logs.Append(1, "line");

        Assert.Null(logs.Keep(1));
    }

    [Fact]
    public void Sweep_removes_the_logs_of_builds_no_longer_running_and_keeps_a_running_one()
    {
        var running = Directory.CreateDirectory(Path.Combine(_root, $"{Environment.ProcessId}-abc")).FullName;
        var ended = Directory.CreateDirectory(Path.Combine(_root, "2147483646-def")).FullName;
        File.WriteAllText(Path.Combine(ended, "step-3.log"), "12345");

        var freed = StepLogs.Sweep(_root);

        Assert.Equal(5, freed);
        Assert.True(Directory.Exists(running));
        Assert.False(Directory.Exists(ended));
    }
}
