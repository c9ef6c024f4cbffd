using System.Collections.Concurrent;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// The cache as one build uses it: looks keys up (unless <c>--no-cache</c> or <c>--no-cache-filter</c> says not to
/// for that stage), records what steps produced (always, as BuildKit does, so the next build can hit), and owns the file-hash fast path for the build's context.
/// </summary>
public sealed class BuildCache
{
    private readonly ContentStore _store;
    private readonly bool _noCache;
    private readonly HashSet<string> _noCacheStages;
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Digest, CacheEntry>> _used = new();
    private int _hits;
    private int _misses;

    public BuildCache(ContentStore store, bool noCache = false, IEnumerable<string>? noCacheStages = null)
    {
        _store = store;
        _noCache = noCache;
        _noCacheStages = new HashSet<string>(noCacheStages ?? [], StringComparer.OrdinalIgnoreCase);
        Index = new CacheIndex(store.Root);
        FileHashes = ContentHashIndex.Load(Path.Combine(store.Root, "cache", "file-hashes"));
    }

    public CacheIndex Index { get; }

    public ContentHashIndex FileHashes { get; }

    public int Hits => _hits;

    public int Misses => _misses;

    /// <summary>False when the stage must rebuild whatever the cache holds. <paramref name="names"/> are the names
    /// <c>--no-cache-filter</c> may use for it: its name and its index.</summary>
    public bool MayUse(params string?[] names) => Bypass(names) is null;

    /// <summary>Why the stage named <paramref name="names"/> may not use the cache (<c>--no-cache</c>,
    /// <c>--no-cache-filter NAME</c>); null when it may.</summary>
    public string? Bypass(params string?[] names)
    {
        if (_noCache) return "--no-cache";
        return names.FirstOrDefault(n => n is not null && _noCacheStages.Contains(n)) is { } filtered ? "--no-cache-filter " + filtered : null;
    }

    /// <summary>The entry for <paramref name="key"/> if it may be used and everything it points at is still here;
    /// <paramref name="stage"/> is the index of the stage asking (a hit counts as that stage's for <c>--cache-to</c>).</summary>
    public CacheEntry? Lookup(Digest key, bool mayUse, int stage = -1)
    {
        var entry = mayUse ? Index.TryGet(key) : null;
        if (entry is not null && (entry.Layer is not { } layer || _store.HasLayer(layer.Blob)))
        {
            Index.Touch(key);
            Interlocked.Increment(ref _hits);
            Use(stage, entry);
            return entry;
        }
        Interlocked.Increment(ref _misses);
        return null;
    }

    /// <summary>Records a step's result; a failure to write only costs the next build a miss.</summary>
    public void Record(CacheEntry entry, int stage = -1)
    {
        Use(stage, entry);
        try
        {
            Index.Put(entry);
        }
        catch (HoistException)
        {
        }
    }

    /// <summary>The entries the given stages hit or recorded in this build (what <c>--cache-to</c> exports).</summary>
    public IReadOnlyList<CacheEntry> UsedBy(IEnumerable<int> stages) =>
        [.. stages.SelectMany(s => _used.TryGetValue(s, out var entries) ? entries.Values : []).DistinctBy(e => e.Key)];

    private void Use(int stage, CacheEntry entry) => _used.GetOrAdd(stage, _ => new()).TryAdd(entry.Key, entry with { LastUsed = default });

    /// <summary>Saves the file-hash fast path; called once the build is done.</summary>
    public void Complete() => FileHashes.Save();
}
