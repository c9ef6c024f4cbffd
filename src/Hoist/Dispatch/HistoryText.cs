using System.Globalization;
using System.Text;
using Hoist.Dockerfile.Instructions;
using Hoist.Posix;

namespace Hoist.Dispatch;

/// <summary>The <c>created_by</c> texts BuildKit writes into the image history (observed in tests/conformance).</summary>
public static class HistoryText
{
    /// <summary>Go's <c>%q</c> for a string list inside brackets: <c>["a" "b"]</c>.</summary>
    public static string QuotedList(IEnumerable<string> items) => "[" + string.Join(" ", items.Select(Quote)) + "]";

    /// <summary>Go's <c>%v</c> of a string slice: <c>[a b]</c>.</summary>
    public static string PlainList(IEnumerable<string> items) => "[" + string.Join(" ", items) + "]";

    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>HEALTHCHECK is recorded as Go's dump of its struct: <c>&amp;{["CMD-SHELL" "x"] "5s" "3s" "0s" "0s" '\x03'}</c>.</summary>
    public static string Healthcheck(HealthcheckInstruction health) =>
        "HEALTHCHECK &{" + QuotedList(health.Test) + " " + Quote(GoDuration(health.Interval)) + " " + Quote(GoDuration(health.Timeout))
        + " " + Quote(GoDuration(health.StartPeriod)) + " " + Quote(GoDuration(health.StartInterval)) + " "
        + GoRune(health.Retries ?? 0) + "}";

    private static string GoRune(int value) => value switch
    {
        >= 32 and < 127 and not '\'' and not '\\' => $"'{(char)value}'",
        < 256 => $"'\\x{value:x2}'",
        _ => $"'\\u{value:x4}'",
    };

    /// <summary>Go's time.Duration String: <c>1h2m3.5s</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string GoDuration(TimeSpan? value)
    {
        var span = value ?? TimeSpan.Zero;
        var ticks = span.Ticks;
        if (ticks == 0) return "0s";
        if (ticks < TimeSpan.TicksPerSecond)
        {
            var nanoseconds = ticks * 100;
            if (nanoseconds < 1000) return nanoseconds.ToString(CultureInfo.InvariantCulture) + "ns";
            if (nanoseconds < 1_000_000) return Trim((nanoseconds / 1000m).ToString(CultureInfo.InvariantCulture)) + "µs";
            return Trim((nanoseconds / 1_000_000m).ToString(CultureInfo.InvariantCulture)) + "ms";
        }
        var builder = new StringBuilder();
        var hours = (long)span.TotalHours;
        if (hours > 0) builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || span.Minutes > 0) builder.Append(span.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        var seconds = span.Seconds + (ticks % TimeSpan.TicksPerSecond) / (decimal)TimeSpan.TicksPerSecond;
        builder.Append(Trim(seconds.ToString(CultureInfo.InvariantCulture))).Append('s');
        return builder.ToString();
    }

    private static string Trim(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;
}
