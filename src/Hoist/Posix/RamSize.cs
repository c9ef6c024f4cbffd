using System.Globalization;

namespace Hoist.Posix;

/// <summary>docker/go-units <c>RAMInBytes</c>: the sizes docker's flags and mount options take (<c>64m</c>, <c>1.5GiB</c>).</summary>
public static class RamSize
{
    /// <summary>A number, an optional space, then b or k/m/g/t/p with an optional b or ib (binary units either way);
    /// null when the text is not one.</summary>
    public static long? Parse(string text)
    {
        var sep = text.LastIndexOfAny("0123456789. ".ToCharArray());
        if (sep < 0)
            return null;
        var number = text[sep] == ' ' ? text[..sep] : text[..(sep + 1)];
        var suffix = text[(sep + 1)..].ToLowerInvariant();
        if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c == '.')
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size))
            return null;
        if (suffix.Length == 0 || suffix == "b")
            return (long)size;
        var multiplier = suffix[0] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => 0L,
        };
        if (multiplier == 0 || suffix.Length > 3 || (suffix.Length == 2 && suffix[1] != 'b')
            || (suffix.Length == 3 && suffix[1..] != "ib"))
            return null;
        var bytes = size * multiplier;
        return bytes >= long.MaxValue ? null : (long)bytes;
    }
}
