namespace Hoist.Checks;

/// <summary>
/// ExposeProtoCasing and ExposeInvalidFormat on one expanded EXPOSE word, split as BuildKit's portSpecs does
/// (<c>[ip:][hostPort:]containerPort[/proto]</c>). Malformed ports are the build's error, not a finding.
/// </summary>
internal static class ExposeRules
{
    public static void Check(string rawPort, Located at, IReadOnlyList<string> comments, FindingSink sink)
    {
        var parts = rawPort.Split(':');
        var ip = parts.Length >= 3 ? string.Join(':', parts[..^2]) : "";
        var hostPort = parts.Length >= 2 ? parts[^2] : "";
        var containerPort = parts[^1];
        var slash = containerPort.IndexOf('/');
        var proto = slash < 0 ? "" : containerPort[(slash + 1)..];
        var port = slash < 0 ? containerPort : containerPort[..slash];
        if (port.Length == 0 || proto.ToLowerInvariant() is not ("" or "tcp" or "udp" or "sctp")) return;
        if (proto != proto.ToLowerInvariant())
        {
            sink.Report(BuildKitRules.ExposeProtoCasing, at, $"Defined protocol '{rawPort}' in EXPOSE instruction should be lowercase", comments);
        }
        if (ip.Length > 0 || hostPort.Length > 0)
        {
            sink.Report(BuildKitRules.ExposeInvalidFormat, at, $"EXPOSE instruction should not define an IP address or host-port mapping, found '{rawPort}'", comments);
        }
    }
}
