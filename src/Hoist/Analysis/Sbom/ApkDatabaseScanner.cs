using System.Text;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>Alpine packages from apk's database (<c>/lib/apk/db/installed</c>; <c>/usr/lib/apk/db/installed</c> on
/// newer releases): paragraphs of <c>P:</c> name, <c>V:</c> version, <c>A:</c> arch, <c>L:</c> license, <c>o:</c> origin.</summary>
public sealed class ApkDatabaseScanner : FileInspector
{
    public override bool Wants(string path, TarEntry entry) => path is "/lib/apk/db/installed" or "/usr/lib/apk/db/installed";

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        var packages = new List<SoftwarePackage>();
        foreach (var fields in ControlFileParagraphs.Read(reader, ':'))
        {
            if (!fields.TryGetValue("P", out var name) || !fields.TryGetValue("V", out var version)) continue;
            packages.Add(new SoftwarePackage("apk", name, version, path)
            {
                Architecture = fields.GetValueOrDefault("A"),
                License = fields.GetValueOrDefault("L"),
                SourceName = fields.GetValueOrDefault("o"),
            });
        }
        return new PackagesEvidence(packages);
    }
}
