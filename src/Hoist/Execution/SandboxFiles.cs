using System.Net;
using System.Text;

namespace Hoist.Execution;

/// <summary>The /etc/hosts and /etc/resolv.conf a RUN sees (bind-mounted read-only), written as BuildKit writes them.</summary>
public static class SandboxFiles
{
    /// <summary>BuildKit's hostname for RUN containers; kept for scripts that look for it.</summary>
    public const string DefaultHostname = "buildkitsandbox";

    public static string Hosts(string hostname, IReadOnlyList<KeyValuePair<string, string>>? extraHosts = null)
    {
        var text = new StringBuilder();
        text.Append("127.0.0.1\tlocalhost ").Append(hostname).Append('\n');
        text.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        foreach (var (host, ip) in extraHosts ?? []) text.Append(ip).Append('\t').Append(host).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The host's resolv.conf as the container should see it. With host networking it is kept whole. In a sandbox
    /// network every nameserver becomes the user-mode stack's DNS forwarder (<paramref name="nameserver"/>), which asks
    /// the host's resolver, loopback or not. In a namespace of its own with no network a loopback nameserver would point
    /// at nothing, so those lines go, and the public defaults Docker uses are written when no nameserver remains.
    /// </summary>
    public static string ResolvConf(string hostResolvConf, NetworkMode network, string? nameserver = null)
    {
        if (network == NetworkMode.Host) return hostResolvConf;
        var lines = new List<string>();
        var nameservers = 0;
        foreach (var line in hostResolvConf.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver")
            {
                if (nameserver is not null || IsLoopback(fields[1])) continue;
                nameservers++;
            }
            lines.Add(line);
        }
        var text = string.Join('\n', lines).TrimEnd('\n');
        if (text.Length > 0) text += "\n";
        if (nameserver is not null) text += $"nameserver {nameserver}\n";
        else if (nameservers == 0) text += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
        return text;
    }

    /// <summary>The host's resolver configuration, or empty when the host has none.</summary>
    public static string ReadHostResolvConf()
    {
        try
        {
            return File.ReadAllText("/etc/resolv.conf");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool IsLoopback(string address)
    {
        var withoutZone = address.Split('%')[0];
        return IPAddress.TryParse(withoutZone, out var ip) && IPAddress.IsLoopback(ip);
    }
}
