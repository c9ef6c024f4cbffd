using System.IO.Compression;
using System.Text;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// Java archives (<c>.jar</c>, <c>.war</c>, <c>.ear</c>): each <c>META-INF/maven/GROUP/ARTIFACT/pom.properties</c> is a
/// Maven package; an archive without one is named by its <c>META-INF/MANIFEST.MF</c> (Implementation-Title and
/// -Version, else Bundle-SymbolicName and Bundle-Version). Archives nested one level deep (Spring Boot's
/// BOOT-INF/lib, WEB-INF/lib) are read too. A zip needs seeking, so the archive is spooled to a temp file.
/// </summary>
public sealed class JarScanner : FileInspector
{
    private const long MaxSize = 1L << 30;
    private const long MaxNestedSize = 64 << 20;

    public override bool Wants(string path, TarEntry entry) =>
        entry.Size is > 22 and <= MaxSize && (path.EndsWith(".jar", StringComparison.Ordinal)
            || path.EndsWith(".war", StringComparison.Ordinal) || path.EndsWith(".ear", StringComparison.Ordinal));

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"hoist-jar-{Guid.NewGuid():N}.zip");
        try
        {
            using var spool = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            content.CopyTo(spool);
            spool.Position = 0;
            var packages = new List<SoftwarePackage>();
            Read(spool, path, packages, nested: true);
            return new PackagesEvidence(packages);
        }
        catch (InvalidDataException)
        {
            return null; // not a zip after all
        }
    }

    private static void Read(Stream zip, string location, List<SoftwarePackage> packages, bool nested)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        var own = 0;
        foreach (var item in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (item.FullName.StartsWith("META-INF/maven/", StringComparison.Ordinal) && item.Name == "pom.properties")
            {
                if (Maven(ReadText(item), location) is { } package)
                {
                    packages.Add(package);
                    own++;
                }
            }
            else if (nested && item.Name.EndsWith(".jar", StringComparison.Ordinal) && item.Length <= MaxNestedSize)
            {
                using var inner = new MemoryStream();
                using (var stream = item.Open()) stream.CopyTo(inner);
                inner.Position = 0;
                try
                {
                    Read(inner, $"{location}!/{item.FullName}", packages, nested: false);
                }
                catch (InvalidDataException)
                {
                }
            }
        }
        if (own == 0 && archive.GetEntry("META-INF/MANIFEST.MF") is { } manifest && FromManifest(ReadText(manifest), location) is { } named)
            packages.Add(named);
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static SoftwarePackage? Maven(string properties, string location)
    {
        var fields = Fields(properties, '=');
        return fields.TryGetValue("groupId", out var group) && fields.TryGetValue("artifactId", out var artifact) && fields.TryGetValue("version", out var version)
            ? new SoftwarePackage("maven", artifact, version, location) { Namespace = group }
            : null;
    }

    private static SoftwarePackage? FromManifest(string manifest, string location)
    {
        var fields = Fields(manifest, ':');
        var name = fields.GetValueOrDefault("Implementation-Title") ?? fields.GetValueOrDefault("Bundle-SymbolicName")?.Split(';')[0];
        var version = fields.GetValueOrDefault("Implementation-Version") ?? fields.GetValueOrDefault("Bundle-Version");
        if (name is null || version is null) return null;
        return new SoftwarePackage("maven", name, version, location)
        {
            Namespace = fields.GetValueOrDefault("Implementation-Vendor-Id") ?? fields.GetValueOrDefault("Automatic-Module-Name"),
        };
    }

    private static Dictionary<string, string> Fields(string text, char separator)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var index = line.IndexOf(separator);
            if (index <= 0 || line.StartsWith('#') || line.StartsWith(' ')) continue;
            fields.TryAdd(line[..index].Trim(), line[(index + 1)..].Trim());
        }
        return fields;
    }
}
