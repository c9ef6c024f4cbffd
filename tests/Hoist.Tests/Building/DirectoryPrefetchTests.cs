using System.Collections.Concurrent;
using Hoist.Building.Context;

namespace Hoist.Tests.Building;

/// <summary>Listing directories ahead of a walk: the same listings, each taken once, never more than the window ahead.</summary>
public sealed class DirectoryPrefetchTests
{
    private readonly ConcurrentDictionary<string, int> _listed = new();
    private int _running;
    private int _mostRunning;

    private string[] List(string directory)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostRunning, running);
        _listed.AddOrUpdate(directory, 1, (_, n) => n + 1);
        if (directory == "broken") throw new HoistException("failed to read directory \"/broken\": boom");
        Interlocked.Decrement(ref _running);
        return [directory + "/a", directory + "/b"];
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public void Announced_directories_are_listed_once_and_taken_in_any_order()
    {
        var prefetch = new DirectoryPrefetch<string[]>(List, window: 2);
        string[] directories = ["d0", "d1", "d2", "d3", "d4"];
        prefetch.Announce(directories);
        foreach (var directory in directories.Reverse()) Assert.Equal([directory + "/a", directory + "/b"], prefetch.Take(directory));
        Assert.All(directories, d => Assert.Equal(1, _listed[d]));
    }

    [Fact]
    public void A_directory_is_listed_again_when_taken_a_second_time()
    {
        var prefetch = new DirectoryPrefetch<string[]>(List, window: 4);
        prefetch.Announce(["d"]);
        prefetch.Take("d");
        prefetch.Take("d");
        Assert.Equal(2, _listed["d"]);
    }

    [Fact]
    public void An_unannounced_directory_is_listed_when_taken()
    {
        var prefetch = new DirectoryPrefetch<string[]>(List, window: 4);
        Assert.Equal(["x/a", "x/b"], prefetch.Take("x"));
        Assert.Equal(1, _listed["x"]);
    }

    [Fact]
    public void No_more_than_the_window_is_listed_ahead()
    {
        var prefetch = new DirectoryPrefetch<string[]>(List, window: 3);
        prefetch.Announce(Enumerable.Range(0, 50).Select(i => $"d{i}"));
        Assert.True(SpinWait.SpinUntil(() => _listed.Count == 3, TimeSpan.FromSeconds(10)));
        Assert.Equal(3, _listed.Count);
        for (var i = 0; i < 50; i++) prefetch.Take($"d{i}");
        Assert.Equal(50, _listed.Count);
        Assert.True(_mostRunning <= 3 + 1); // the window, and the walk listing one it took before a pool thread did
    }

    [Fact]
    public void Taking_a_listing_no_thread_has_started_runs_it_on_the_walk()
    {
        var walk = Environment.CurrentManagedThreadId;
        var threads = new ConcurrentDictionary<string, int>();
        var prefetch = new DirectoryPrefetch<string>(d => { threads[d] = Environment.CurrentManagedThreadId; return d; }, window: 1);
        prefetch.Announce(["first", "second"]);
        Assert.Equal("second", prefetch.Take("second")); // queued behind "first": never started, so listed here
        Assert.Equal(walk, threads["second"]);
        Assert.Equal("first", prefetch.Take("first"));
    }

    [Fact]
    public void A_failed_listing_fails_the_take_with_its_own_error()
    {
        var prefetch = new DirectoryPrefetch<string[]>(List, window: 2);
        prefetch.Announce(["broken"]);
        var error = Assert.Throws<HoistException>(() => prefetch.Take("broken"));
        Assert.Equal("failed to read directory \"/broken\": boom", error.Message);
    }
}
