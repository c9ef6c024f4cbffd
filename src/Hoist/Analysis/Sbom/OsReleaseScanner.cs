using System.Text;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>The distribution, from <c>/etc/os-release</c> or <c>/usr/lib/os-release</c> (os-release(5)): ID and
/// VERSION_ID qualify Debian and Alpine package URLs.</summary>
public sealed class OsReleaseScanner : FileInspector
{
    public override bool Wants(string path, TarEntry entry) => path is "/etc/os-release" or "/usr/lib/os-release" && entry.Size < 64 << 10;

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var equals = line.IndexOf('=');
            if (equals <= 0 || line.StartsWith('#')) continue;
            fields[line[..equals].Trim()] = line[(equals + 1)..].Trim().Trim('"', '\'');
        }
        return fields.TryGetValue("ID", out var id)
            ? new OsReleaseEvidence(id, fields.GetValueOrDefault("VERSION_ID") ?? "", fields.GetValueOrDefault("PRETTY_NAME") ?? id)
            : null;
    }
}
