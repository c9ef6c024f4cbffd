using Hoist.Building.Engine;
using Hoist.Dispatch;

namespace Hoist.Tests.Building;

/// <summary>Cache mount directories: persistent per id, seeded once, and BuildKit's shared/private/locked sharing.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CacheMountStoreTests : IDisposable
{
    private readonly TempTree _state = new();
    private readonly CacheMountStore _caches;
    private readonly int _uid;
    private readonly int _gid;

    public CacheMountStoreTests()
    {
        _caches = new CacheMountStore(_state.Root);
        var status = Hoist.Posix.Native.LStat(_state.Root)!.Value;
        (_uid, _gid) = ((int)status.Uid, (int)status.Gid);
    }

    private Task<CacheMountLease> AcquireAsync(CacheMountSharing sharing, string id = "/root/.cache", Action<string>? seed = null) =>
        _caches.AcquireAsync(CacheMountStore.Key(id, null, null), sharing, 0b111_000_000, _uid, _gid, seed, CancellationToken.None);

    [Fact]
    public void The_key_depends_on_the_id_and_on_what_seeds_the_cache()
    {
        Assert.Equal(CacheMountStore.Key("go", null, null), CacheMountStore.Key("go", null, null));
        Assert.NotEqual(CacheMountStore.Key("go", null, null), CacheMountStore.Key("npm", null, null));
        Assert.NotEqual(CacheMountStore.Key("go", null, null), CacheMountStore.Key("go", "base", "/cache"));
        Assert.NotEqual(CacheMountStore.Key("go", "base", "/a"), CacheMountStore.Key("go", "base", "/b"));
    }

    [Fact]
    public async Task A_cache_is_created_once_with_its_mode_and_seed_and_keeps_its_content()
    {
        var seeded = 0;
        string directory;
        using (var first = await AcquireAsync(CacheMountSharing.Shared, seed: d => { seeded++; File.WriteAllText(Path.Combine(d, "seed"), "s"); }))
        {
            directory = first.Directory;
            Assert.StartsWith(Path.Combine(_state.Root, "cache-mounts") + "/", directory);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            File.WriteAllText(Path.Combine(directory, "built"), "1");
        }
        using var second = await AcquireAsync(CacheMountSharing.Shared, seed: _ => seeded++);
        Assert.Equal(directory, second.Directory);
        Assert.Equal(1, seeded);
        Assert.True(File.Exists(Path.Combine(directory, "built")));
        Assert.True(File.Exists(Path.Combine(directory, "seed")));
    }

    [Fact]
    public async Task Shared_users_share_one_directory_private_users_get_their_own()
    {
        using var a = await AcquireAsync(CacheMountSharing.Shared);
        using var b = await AcquireAsync(CacheMountSharing.Shared);
        Assert.Equal(a.Directory, b.Directory);

        using var p1 = await AcquireAsync(CacheMountSharing.Private, id: "p");
        using var p2 = await AcquireAsync(CacheMountSharing.Private, id: "p");
        Assert.NotEqual(p1.Directory, p2.Directory);
        p1.Dispose();
        using var p3 = await AcquireAsync(CacheMountSharing.Private, id: "p");
        Assert.Equal(p1.Directory, p3.Directory); // a free instance is reused, not a new one made
    }

    [Fact]
    public async Task A_locked_cache_waits_for_its_user()
    {
        var first = await AcquireAsync(CacheMountSharing.Locked);
        var second = AcquireAsync(CacheMountSharing.Locked);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(first.Directory, lease.Directory);
    }

    public void Dispose() => _state.Dispose();
}
