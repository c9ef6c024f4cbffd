namespace Hoist.Posix;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, which HEALTHCHECK options use: a signed sequence of decimal numbers, each with
/// an optional fraction and a unit (ns, us, µs, ms, s, m, h), e.g. <c>300ms</c>, <c>1.5h</c>, <c>2h45m</c>. A bare
/// <c>0</c> is allowed. Precision below 100ns (one tick) is truncated.
/// </summary>
internal static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="nanoseconds"/> is exact (signed), before truncation to ticks.</summary>
    public static bool TryParse(string text, out TimeSpan duration, out decimal nanoseconds, out string error)
    {
        duration = TimeSpan.Zero;
        nanoseconds = 0m;
        error = "";
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
            return true;
        if (s.Length == 0)
        {
            error = $"time: invalid duration \"{text}\"";
            return false;
        }

        decimal totalNanoseconds = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            var whole = s[..i];
            var fraction = "";
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                fraction = s[start..i];
            }
            if (whole.Length == 0 && fraction.Length == 0)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }
            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60m * 1_000_000_000m,
                "h" => 3600m * 1_000_000_000m,
                _ => 0m,
            };
            if (scale == 0m)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                return false;
            }
            // Go rejects anything beyond int64 nanoseconds (about 290 years).
            if (whole.Length > 19 || fraction.Length > 27)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }
            var value = (whole.Length == 0 ? 0m : decimal.Parse(whole, System.Globalization.CultureInfo.InvariantCulture))
                        + (fraction.Length == 0 ? 0m : decimal.Parse("0." + fraction, System.Globalization.CultureInfo.InvariantCulture));
            if (value > long.MaxValue / scale || (totalNanoseconds += value * scale) > long.MaxValue)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }
            s = s[i..];
        }

        nanoseconds = negative ? -totalNanoseconds : totalNanoseconds;
        var ticks = (long)decimal.Truncate(totalNanoseconds / 100m);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
