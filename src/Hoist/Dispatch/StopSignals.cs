using System.Globalization;

namespace Hoist.Dispatch;

/// <summary>
/// STOPSIGNAL's check as BuildKit makes it (moby/sys/signal.ParseSignal, Linux table): a non-zero number, or a
/// signal name with or without <c>SIG</c>, in any case. The value is kept as written.
/// </summary>
public static class StopSignals
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
        "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
        "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
        "RTMIN+1", "RTMIN+2", "RTMIN+3", "RTMIN+4", "RTMIN+5", "RTMIN+6", "RTMIN+7", "RTMIN+8", "RTMIN+9", "RTMIN+10",
        "RTMIN+11", "RTMIN+12", "RTMIN+13", "RTMIN+14", "RTMIN+15",
        "RTMAX-1", "RTMAX-2", "RTMAX-3", "RTMAX-4", "RTMAX-5", "RTMAX-6", "RTMAX-7", "RTMAX-8", "RTMAX-9", "RTMAX-10",
        "RTMAX-11", "RTMAX-12", "RTMAX-13", "RTMAX-14",
    };

    public static string Validate(string signal)
    {
        var valid = int.TryParse(signal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number != 0
            : Names.Contains(Unprefixed(signal.ToUpperInvariant()));
        return valid ? signal : throw new HoistException($"invalid signal: {signal}");
    }

    private static string Unprefixed(string upper) => upper.StartsWith("SIG", StringComparison.Ordinal) ? upper[3..] : upper;
}
