using System.Text;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>Installed Python distributions: <c>*.dist-info/METADATA</c> (wheels, pip), <c>*.egg-info/PKG-INFO</c> and
/// single-file <c>*.egg-info</c> (setuptools); the core-metadata headers <c>Name</c>, <c>Version</c>, <c>License</c>.</summary>
public sealed class PythonMetadataScanner : FileInspector
{
    private const int MaxSize = 8 << 20;

    public override bool Wants(string path, TarEntry entry) =>
        entry.Size <= MaxSize && (path.EndsWith(".dist-info/METADATA", StringComparison.Ordinal)
            || path.EndsWith(".egg-info/PKG-INFO", StringComparison.Ordinal) || path.EndsWith(".egg-info", StringComparison.Ordinal));

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        // The headers end at the first blank line; the long description follows.
        var headers = ControlFileParagraphs.Read(reader, ':').FirstOrDefault();
        if (headers is null || !headers.TryGetValue("Name", out var name) || !headers.TryGetValue("Version", out var version)) return null;
        var license = headers.GetValueOrDefault("License-Expression") ?? headers.GetValueOrDefault("License");
        return new PackagesEvidence([new SoftwarePackage("pypi", name, version, path)
        {
            License = license is { Length: > 0 and < 200 } && license != "UNKNOWN" && !license.Contains('\n') ? license : null,
        }]);
    }
}
