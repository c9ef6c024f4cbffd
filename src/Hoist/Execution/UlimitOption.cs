using System.Globalization;

namespace Hoist.Execution;

/// <summary><c>--ulimit TYPE=SOFT[:HARD]</c> as docker reads it (go-units <c>ParseUlimit</c>): -1 is unlimited, the hard
/// limit defaults to the soft one.</summary>
public static class UlimitOption
{
    /// <summary>The names docker accepts; each is <c>RLIMIT_</c> plus its upper case in the runtime spec.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    public static RuntimeRlimit Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals < 0) throw new HoistException($"--ulimit: invalid ulimit argument: {text} (expected TYPE=SOFT[:HARD])");
        var name = text[..equals];
        if (!Names.Contains(name)) throw new HoistException($"--ulimit: invalid ulimit type: {name} (one of {string.Join(", ", Names)})");
        var values = text[(equals + 1)..].Split(':');
        if (values.Length > 2)
        {
            throw new HoistException($"--ulimit: too many limit value arguments - {text[(equals + 1)..]}, can only have up to two, `soft[:hard]`");
        }
        var soft = Number(values[0], text);
        var hard = values.Length == 2 ? Number(values[1], text) : soft;
        if (hard != -1 && soft > hard) throw new HoistException($"--ulimit: ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        // As docker: the int64 limit cast to the kernel's unsigned one, so -1 is RLIM_INFINITY.
        return new RuntimeRlimit("RLIMIT_" + name.ToUpperInvariant(), unchecked((ulong)hard), unchecked((ulong)soft));
    }

    private static long Number(string value, string text) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new HoistException($"--ulimit {text}: \"{value}\" is not a number");
}
