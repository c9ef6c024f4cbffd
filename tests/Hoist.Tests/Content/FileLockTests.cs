using System.Diagnostics;
using Hoist.Content;

namespace Hoist.Tests.Content;

/// <summary>
/// Our locks are flock(2) locks, so another process using flock(1) sees them and we see its: these tests run the
/// util-linux <c>flock</c> tool as the second process.
/// </summary>
public sealed class FileLockTests : IDisposable
{
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Exclusive_excludes_everything_shared_admits_shared()
    {
        var path = Path.Combine(_test.Root, "probe.lock");

        using (var exclusive = FileLock.TryAcquire(path, exclusive: true))
        {
            Assert.NotNull(exclusive);
            Assert.Null(FileLock.TryAcquire(path, exclusive: true));
            Assert.Null(FileLock.TryAcquire(path, exclusive: false));
        }
        using var shared1 = FileLock.TryAcquire(path, exclusive: false);
        using var shared2 = FileLock.TryAcquire(path, exclusive: false);
        Assert.NotNull(shared1);
        Assert.NotNull(shared2);
        Assert.Null(FileLock.TryAcquire(path, exclusive: true));
    }

    [Fact]
    public void Real_errors_are_not_mistaken_for_contention()
    {
        var path = Path.Combine(_test.Root, "no-such-directory", "store.lock");

        Assert.Throws<DirectoryNotFoundException>(() => FileLock.TryAcquire(path, exclusive: true));
    }

    [Fact]
    public async Task Another_process_sees_our_lock_and_we_see_its_lock_until_it_dies()
    {
        var path = Path.Combine(_test.Root, "store.lock");
        using (FileLock.TryAcquire(path, exclusive: true))
        {
            Assert.Equal(1, await RunFlockAsync("-n", "-x", path, "true"));
        }
        Assert.Equal(0, await RunFlockAsync("-n", "-x", path, "true"));

        using var holder = StartHolder(path);
        Assert.Null(FileLock.TryAcquire(path, exclusive: false));
        holder.Kill();
        await holder.WaitForExitAsync();
        using var acquired = FileLock.TryAcquire(path, exclusive: true);
        Assert.NotNull(acquired);
    }

    [Fact]
    public async Task Waiting_acquire_gets_the_lock_when_the_other_process_releases_it()
    {
        var path = Path.Combine(_test.Root, "store.lock");
        using var holder = StartHolder(path);

        var waiting = FileLock.AcquireAsync(path, exclusive: true);
        Assert.False(waiting.IsCompleted);
        await holder.StandardInput.WriteLineAsync("release");
        await holder.WaitForExitAsync();

        using var acquired = await waiting;
        Assert.Null(FileLock.TryAcquire(path, exclusive: false));
    }

    [Fact]
    public async Task Writer_killed_in_another_process_leaves_a_temp_file_that_is_cleaned_once_its_lock_is_gone()
    {
        var temp = Path.Combine(_test.IngestDirectory, "other-process.tmp");
        await File.WriteAllTextAsync(temp, "partial");
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - ContentStore.StaleIngestAge - TimeSpan.FromSeconds(1));
        using var writer = StartHolder(temp);

        Assert.Equal(0, _test.Store.CleanStaleIngests());
        Assert.True(File.Exists(temp));

        writer.Kill();
        await writer.WaitForExitAsync();

        _test.Reopen();

        Assert.False(File.Exists(temp));
    }

    /// <summary>
    /// Starts a shell that opens PATH, locks it with flock(1) and holds it until its stdin gets a line; returns once
    /// it holds the lock. The shell alone holds the file open, so killing it is killing the lock holder.
    /// </summary>
    private static Process StartHolder(string path)
    {
        var process = Process.Start(new ProcessStartInfo("sh", ["-c", "exec 9<>\"$0\"; flock -x 9; echo locked; read line", path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        Assert.Equal("locked", process.StandardOutput.ReadLine());
        return process;
    }

    private static async Task<int> RunFlockAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("flock", args))!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
