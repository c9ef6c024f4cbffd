using System.Globalization;

namespace Hoist.Archives;

/// <summary>
/// The wall-clock intervals (nanoseconds since the Unix epoch, inclusive) in which builds wrote a layer's files: the step that made it and
/// the steps that made what it was copied or derived from. A time inside them was written by a build, so SOURCE_DATE_EPOCH
/// rewriting gives it the epoch whatever the epoch is: a layer made before a commit and reused after it gets the times a
/// build made after the commit would give (at that later time every such mtime exceeds the epoch). Any other time is a
/// source's own (a context file, a package's) and is only clamped. Sorted, merged, at most <see cref="Limit"/> intervals.
/// A time with its sub-second part is compared exactly, so a context file saved in the second a step started is not
/// taken for the step's own; a whole second (a tar's time, or one the build set in whole seconds) counts when any part
/// of it lies in a window.
/// </summary>
public sealed record BuildTimeWindows
{
    /// <summary>Beyond this many intervals the two closest are merged: the list stays small in cache entries.</summary>
    public const int Limit = 32;

    public static readonly BuildTimeWindows None = new([]);

    private BuildTimeWindows(IReadOnlyList<(long From, long To)> intervals)
    {
        Intervals = intervals;
    }

    public IReadOnlyList<(long From, long To)> Intervals { get; }

    public bool IsEmpty => Intervals.Count == 0;

    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>A file system stamps files from a clock that may lag the one the step read by a tick (1–10 ms).</summary>
    private const long ClockTick = 20_000_000;

    /// <summary>The interval of one step, from just before it started to the end of the second after it ended.</summary>
    public static BuildTimeWindows Step(DateTimeOffset started, DateTimeOffset ended) =>
        new([(Nanoseconds(started) - ClockTick, (ended.ToUnixTimeSeconds() + 2) * NanosecondsPerSecond - 1)]);

    private static long Nanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <param name="nanoseconds">The sub-second part; null or 0 (a whole second, as a tar keeps it) matches when any
    /// part of that second lies in a window.</param>
    public bool Contains(long seconds, uint? nanoseconds = null)
    {
        var first = seconds * NanosecondsPerSecond + (nanoseconds ?? 0);
        var last = nanoseconds is null or 0 ? first + NanosecondsPerSecond - 1 : first;
        foreach (var (from, to) in Intervals)
        {
            if (last < from) return false;
            if (first <= to) return true;
        }
        return false;
    }

    public BuildTimeWindows Union(BuildTimeWindows other) => other.IsEmpty ? this : IsEmpty ? other : Normalized([.. Intervals, .. other.Intervals]);

    /// <summary>"FROM-TO,FROM-TO" (empty for none): how cache entries and layer recipes keep them.</summary>
    public override string ToString() =>
        string.Join(',', Intervals.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.From}-{i.To}")));

    /// <summary>The text <see cref="ToString"/> wrote; null when it is not such a text.</summary>
    public static BuildTimeWindows? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return None;
        var intervals = new List<(long, long)>();
        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-', 1);
            if (dash < 0 || !long.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !long.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to < from) return null;
            intervals.Add((from, to));
        }
        return Normalized(intervals);
    }

    private static BuildTimeWindows Normalized(List<(long From, long To)> intervals)
    {
        intervals.Sort();
        var merged = new List<(long From, long To)>();
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.From <= merged[^1].To + 1) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, interval.To));
            else merged.Add(interval);
        }
        while (merged.Count > Limit)
        {
            var closest = Enumerable.Range(1, merged.Count - 1).MinBy(i => merged[i].From - merged[i - 1].To);
            merged[closest - 1] = (merged[closest - 1].From, merged[closest].To);
            merged.RemoveAt(closest);
        }
        return new BuildTimeWindows(merged);
    }

    public bool Equals(BuildTimeWindows? other) => other is not null && Intervals.SequenceEqual(other.Intervals);

    public override int GetHashCode() => Intervals.Aggregate(0, (hash, i) => HashCode.Combine(hash, i.From, i.To));
}
