using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Tests.Snapshots;

public sealed class SnapshotStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-store-").FullName;
    private readonly Digest _diffId = Digest.Sha256("layer"u8);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Concurrent_requests_unpack_a_layer_once()
    {
        var store = new SnapshotStore(_root);
        var unpacks = 0;
        var release = new TaskCompletionSource();
        async Task Unpack(string dir, CancellationToken ct)
        {
            Interlocked.Increment(ref unpacks);
            await release.Task;
            await File.WriteAllTextAsync(Path.Combine(dir, "file"), "content", ct);
        }

        var requests = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.GetOrUnpackAsync(_diffId, Unpack, CancellationToken.None))).ToArray();
        release.SetResult();
        var paths = await Task.WhenAll(requests);

        Assert.Equal(1, unpacks);
        Assert.All(paths, p => Assert.Equal(store.PathFor(_diffId), p));
        Assert.Equal("content", File.ReadAllText(Path.Combine(paths[0], "file")));
        Assert.True(store.Contains(_diffId));
    }

    [Fact]
    public async Task A_second_store_on_the_same_root_finds_the_layer()
    {
        await new SnapshotStore(_root).GetOrUnpackAsync(_diffId, (d, _) => File.WriteAllTextAsync(Path.Combine(d, "f"), "x"), CancellationToken.None);

        var path = await new SnapshotStore(_root).GetOrUnpackAsync(_diffId, (_, _) => throw new InvalidOperationException("unpacked twice"),
            CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(path, "f")));
    }

    [Fact]
    public async Task A_failed_unpack_leaves_nothing_and_can_be_retried()
    {
        var store = new SnapshotStore(_root);

        await Assert.ThrowsAsync<IOException>(() => store.GetOrUnpackAsync(_diffId, async (dir, ct) =>
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "half"), "x", ct);
            throw new IOException("disk full");
        }, CancellationToken.None));

        Assert.False(store.Contains(_diffId));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "tmp")));
        var path = await store.GetOrUnpackAsync(_diffId, (d, _) => File.WriteAllTextAsync(Path.Combine(d, "whole"), "x"), CancellationToken.None);
        Assert.Equal(["whole"], Directory.GetFileSystemEntries(path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Another_process_holding_the_lock_is_waited_for()
    {
        var store = new SnapshotStore(_root);
        Directory.CreateDirectory(Path.Combine(_root, "locks"));
        var lockPath = Path.Combine(_root, "locks", $"sha256-{_diffId.Hex}.lock");
        var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var unpacked = new TaskCompletionSource();

        var request = store.GetOrUnpackAsync(_diffId, (d, _) => { unpacked.SetResult(); return Task.CompletedTask; }, CancellationToken.None);
        Assert.False(request.IsCompleted);
        Assert.False(unpacked.Task.IsCompleted);
        await held.DisposeAsync();
        await request;

        Assert.True(unpacked.Task.IsCompleted);
    }

    [Fact]
    public void Layers_live_under_their_algorithm_and_hex()
    {
        var store = new SnapshotStore(_root);

        Assert.Equal(Path.Combine(_root, "layers", "sha256", _diffId.Hex), store.PathFor(_diffId));
        Assert.Equal(Path.Combine(_root, "runs"), store.RunsPath);
    }
}
