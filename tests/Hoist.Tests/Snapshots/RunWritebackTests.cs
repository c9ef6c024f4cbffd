using Hoist.Snapshots;
using Xunit;

namespace Hoist.Tests.Snapshots;

/// <summary>A long RUN's upper directory is synced while it runs; a short one never is; the syncing ends with the RUN.</summary>
public sealed class RunWritebackTests : IDisposable
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly string _upper = Directory.CreateTempSubdirectory("hoist-writeback-").FullName;

    [Fact]
    public async Task A_run_still_writing_after_the_delay_is_synced_again_every_interval_until_it_ends()
    {
        var writeback = RunWriteback.Start(_upper, TimeSpan.Zero, TimeSpan.FromMilliseconds(1))!;
        Assert.True(SpinWait.SpinUntil(() => writeback.Syncs >= 3, Soon), $"{writeback.Syncs} syncs");
        writeback.Dispose();
        await writeback.Ended.WaitAsync(Soon);
    }

    [Fact]
    public async Task A_run_that_ends_before_the_delay_is_never_synced_early()
    {
        var writeback = RunWriteback.Start(_upper, Never, Never)!;
        writeback.Dispose();
        await writeback.Ended.WaitAsync(Soon);
        Assert.Equal(0, writeback.Syncs);
        Assert.False(writeback.ThreadStarted);
    }

    [Fact]
    public async Task An_upper_directory_that_is_gone_ends_the_syncing_quietly()
    {
        using var writeback = RunWriteback.Start(Path.Combine(_upper, "gone"), TimeSpan.Zero, TimeSpan.Zero)!;
        await writeback.Ended.WaitAsync(Soon);
        Assert.Equal(0, writeback.Syncs);
    }

    [Fact]
    public void A_snapshot_without_an_upper_directory_has_nothing_to_sync() => Assert.Null(RunWriteback.Start(null));

    public void Dispose() => Directory.Delete(_upper, recursive: true);
}
