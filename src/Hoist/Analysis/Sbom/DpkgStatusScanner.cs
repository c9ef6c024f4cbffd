using System.Text;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// Debian packages from dpkg's database: <c>/var/lib/dpkg/status</c> and the one-file-per-package
/// <c>/var/lib/dpkg/status.d/</c> of distroless images. A package counts when its files are on disk: every state but
/// <c>not-installed</c> and <c>config-files</c> (removed, configuration kept).
/// </summary>
public sealed class DpkgStatusScanner : FileInspector
{
    public override bool Wants(string path, TarEntry entry) =>
        path == "/var/lib/dpkg/status"
        || path.StartsWith("/var/lib/dpkg/status.d/", StringComparison.Ordinal) && !path.EndsWith(".md5sums", StringComparison.Ordinal);

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        var packages = new List<SoftwarePackage>();
        foreach (var fields in ControlFileParagraphs.Read(reader, ':'))
        {
            if (!fields.TryGetValue("Package", out var name) || !fields.TryGetValue("Version", out var version)) continue;
            var state = fields.TryGetValue("Status", out var status) ? status.Split(' ')[^1] : "installed";
            if (state is "not-installed" or "config-files") continue;
            packages.Add(new SoftwarePackage("deb", name, version, path)
            {
                Architecture = fields.GetValueOrDefault("Architecture"),
                SourceName = fields.TryGetValue("Source", out var source) ? source.Split(' ')[0] : null,
            });
        }
        return new PackagesEvidence(packages);
    }
}
