using System.Globalization;

namespace Hoist.Cli;

/// <summary>Sizes and ages formatted as Docker's CLI formats them (go-units HumanSizeWithPrecision and HumanDuration).</summary>
public static class HumanUnits
{
    /// <summary>Decimal units, three significant digits: <c>4.26MB</c>, <c>512B</c>, <c>0B</c>.</summary>
    public static string Size(long bytes) => Posix.DecimalSize.Format(bytes);

    /// <summary>An approximate age: <c>45 seconds</c>, <c>About an hour</c>, <c>3 days</c>, <c>2 years</c>.</summary>
    public static string Duration(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (long)age.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (long)(age.TotalHours + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)age.TotalHours / 24 / 365} years";
    }

    /// <summary>The CREATED column: <c>3 days ago</c>, or <c>N/A</c> when the image records no time.</summary>
    public static string Ago(DateTimeOffset? created) =>
        created is { } time ? Duration(DateTimeOffset.UtcNow - time) + " ago" : "N/A";

    /// <summary>Docker's short image ID: the first 12 hex digits.</summary>
    public static string ShortId(Oci.Digest digest) => digest.Hex[..Math.Min(12, digest.Hex.Length)];
}
