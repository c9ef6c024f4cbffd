using Hoist.Building.Copy;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// The files a step's key read, bounded: up to <see cref="NamedLimit"/> entries are kept by path with their
/// fingerprints (so a later miss can name changed, added and removed files); beyond that only a sorted list of
/// 8-byte pairs — 32 bits of the path's fingerprint, 32 of the entry's — is kept (160 kB for 20,000 files), which still
/// names changed and added files (from the current build's paths) and counts removed ones. Above
/// <see cref="HashedLimit"/> entries nothing is kept and a miss says only that files changed.
/// </summary>
public sealed class FileSummary
{
    public const int NamedLimit = 2_000;
    public const int HashedLimit = 200_000;

    private FileSummary(int count, IReadOnlyList<CopyEntryFingerprint>? named, ulong[]? hashed)
    {
        Count = count;
        Named = named;
        Hashed = hashed;
    }

    public int Count { get; }

    /// <summary>Every entry by path, sorted by path; null when there were more than <see cref="NamedLimit"/>.</summary>
    public IReadOnlyList<CopyEntryFingerprint>? Named { get; }

    /// <summary>Sorted (path fingerprint &lt;&lt; 32 | entry fingerprint) pairs, when not <see cref="Named"/>; null
    /// when there were more than <see cref="HashedLimit"/>.</summary>
    public ulong[]? Hashed { get; }

    public static FileSummary From(IReadOnlyCollection<CopyEntryFingerprint> entries)
    {
        if (entries.Count <= NamedLimit) return Of([.. entries.OrderBy(e => e.Path, StringComparer.Ordinal)]);
        if (entries.Count > HashedLimit) return new FileSummary(entries.Count, null, null);
        var pairs = entries.Select(Pair).ToArray();
        Array.Sort(pairs);
        return new FileSummary(entries.Count, null, pairs);
    }

    public static FileSummary Of(IReadOnlyList<CopyEntryFingerprint> sorted) => new(sorted.Count, sorted, null);

    public static FileSummary FromHashed(int count, ulong[]? pairs) => new(count, null, pairs);

    /// <summary>An entry as a hashed pair.</summary>
    public static ulong Pair(CopyEntryFingerprint entry) =>
        (ulong)Fold(EntryFingerprint.Of(entry.Path)) << 32 | Fold(entry.Fingerprint);

    private static uint Fold(ulong value) => (uint)(value ^ value >> 32);

    /// <summary>What changed from <paramref name="previous"/> (this build's summary of the same step is not needed: the
    /// current entries are all in memory), named in the order of <paramref name="current"/> (a content digest hands
    /// them over sorted by destination; sorting 20,000 paths again cost more than the rest of the comparison).</summary>
    public static FileChanges Compare(FileSummary? previous, IReadOnlyCollection<CopyEntryFingerprint> current)
    {
        // A record without files read none (a summary is kept whenever there are any), so every current one is new.
        if (previous is null) return CompareNamed([], current);
        if (previous.Named is { } named) return CompareNamed(named, current);
        if (previous.Hashed is { } hashed) return CompareHashed(hashed, current);
        return FileChanges.Unknown;
    }

    private static FileChanges CompareNamed(IReadOnlyList<CopyEntryFingerprint> previous, IReadOnlyCollection<CopyEntryFingerprint> current)
    {
        var before = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var entry in previous) before.TryAdd(entry.Path, entry.Fingerprint);
        var changes = new FileChanges();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in current)
        {
            if (!seen.Add(entry.Path)) continue;
            if (!before.TryGetValue(entry.Path, out var old)) changes.Added.Add(entry.Path);
            else if (old != entry.Fingerprint) changes.Changed.Add(entry.Path);
        }
        changes.Removed.AddRange(before.Keys.Where(p => !seen.Contains(p)));
        return changes;
    }

    private static FileChanges CompareHashed(ulong[] previous, IReadOnlyCollection<CopyEntryFingerprint> current)
    {
        var before = new Dictionary<uint, uint>();
        foreach (var pair in previous) before.TryAdd((uint)(pair >> 32), (uint)pair);
        var changes = new FileChanges();
        var seen = new HashSet<uint>();
        foreach (var entry in current)
        {
            var pair = Pair(entry);
            var path = (uint)(pair >> 32);
            if (!seen.Add(path)) continue;
            if (!before.TryGetValue(path, out var old)) changes.Added.Add(entry.Path);
            else if (old != (uint)pair) changes.Changed.Add(entry.Path);
        }
        changes.RemovedUnnamed = before.Keys.Count(p => !seen.Contains(p));
        return changes;
    }
}
