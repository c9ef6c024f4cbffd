using System.Globalization;

namespace Hoist.Posix;

/// <summary>A byte count as Docker and BuildKit print it (go-units HumanSizeWithPrecision, three significant digits).</summary>
public static class DecimalSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>Decimal units: <c>4.26MB</c>, <c>512B</c>, <c>0B</c>.</summary>
    public static string Format(long bytes)
    {
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < Units.Length - 1)
        {
            size /= 1000;
            unit++;
        }
        return size.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant() + Units[unit];
    }
}
