using System.Globalization;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// Which build cache entries <c>hoist prune</c> drops: all of them by default; with <see cref="UnusedFor"/> only those
/// not used for that long (<c>--filter until=24h</c>); with <see cref="KeepStorage"/> the least recently used until
/// what the rest points at fits (<c>--keep-storage 1GB</c>). Both together: the union of what each drops.
/// </summary>
public sealed record CachePruneOptions
{
    public TimeSpan? UnusedFor { get; init; }

    public long? KeepStorage { get; init; }

    /// <summary>Reads docker's forms: filters <c>until=DURATION</c> (Go duration: 24h, 90m, 1h30m) and sizes such as
    /// <c>512MB</c>, <c>10GB</c>, <c>1.5g</c>, <c>1024</c> (bytes; binary multiples, as docker's RAMInBytes).</summary>
    public static CachePruneOptions Parse(IReadOnlyList<string> filters, string? keepStorage)
    {
        TimeSpan? until = null;
        foreach (var filter in filters)
        {
            var (name, value) = SpecFields.ParseField(filter);
            if (name != "until" || value is null) throw new HoistException($"invalid filter \"{filter}\": only until=DURATION is supported");
            if (!GoDuration.TryParse(value, out var duration, out _, out var error) || duration < TimeSpan.Zero)
            {
                throw new HoistException($"invalid filter \"{filter}\": {(error.Length > 0 ? error : "negative duration")}");
            }
            until = duration;
        }
        return new CachePruneOptions { UnusedFor = until, KeepStorage = keepStorage is null ? null : ParseSize(keepStorage) };
    }

    /// <summary>docker's <c>--keep-storage</c> size (go-units RAMInBytes: <c>512MB</c>, <c>1.5GiB</c>, binary units).</summary>
    public static long ParseSize(string text) => RamSize.Parse(text.Trim()) ?? throw new HoistException(
        $"invalid size \"{text}\": expected a number with an optional unit (B, KB, MB, GB, TB)");
}
