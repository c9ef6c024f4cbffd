using System.Globalization;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Content;

/// <summary>One <c>docker image prune --filter</c>: <c>until=</c> (created before a time, or before a duration ago) or
/// <c>label=</c> / <c>label!=</c> (the image has, or lacks, a label or a label value).</summary>
public sealed record ImagePruneFilter(DateTimeOffset? CreatedBefore, string? Label, string? LabelValue, bool Negated)
{
    public static ImagePruneFilter Parse(string text, DateTimeOffset now)
    {
        var (key, value) = SpecFields.ParseField(text);
        if (value is null) throw new HoistException($"--filter {text}: expected KEY=VALUE (until=, label=, label!=)");
        if (key == "until") return new ImagePruneFilter(Until(value, now, text), null, null, false);
        var negated = key.EndsWith('!');
        if (key.TrimEnd('!') != "label") throw new HoistException($"--filter {text}: invalid filter '{key.TrimEnd('!')}' (until, label, label!)");
        var equals = value.IndexOf('=');
        return new ImagePruneFilter(null, equals < 0 ? value : value[..equals], equals < 0 ? null : value[(equals + 1)..], negated);
    }

    public bool Matches(ImageConfig config)
    {
        if (CreatedBefore is { } before) return config.Created is { } created && created < before;
        var labels = config.Config?.Labels;
        var has = labels is not null && labels.TryGetValue(Label!, out var value) && (LabelValue is null || value == LabelValue);
        return has != Negated;
    }

    /// <summary>docker's timestamp forms: a duration before now (<c>24h</c>), Unix seconds, or an RFC 3339 time.</summary>
    private static DateTimeOffset Until(string value, DateTimeOffset now, string text)
    {
        if (GoDuration.TryParse(value, out var duration, out _, out _)) return now - duration;
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UnixEpoch.AddSeconds((double)seconds);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new HoistException($"--filter {text}: expected a duration (24h), Unix seconds or an RFC 3339 time");
    }
}
