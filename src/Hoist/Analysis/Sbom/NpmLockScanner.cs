using System.Text.Json;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// npm packages a project's <c>package-lock.json</c> pins (lockfile v2/v3 <c>packages</c>, v1 <c>dependencies</c>),
/// each with the directory it installs to, so that <see cref="PackageScanners.Collect"/> lists a package once when its
/// node_modules copy is in the image too. The hidden <c>node_modules/.package-lock.json</c> only repeats the tree.
/// </summary>
public sealed class NpmLockScanner : FileInspector
{
    private const int MaxSize = 64 << 20;

    public override bool Wants(string path, TarEntry entry) =>
        entry.Size <= MaxSize && path.EndsWith("/package-lock.json", StringComparison.Ordinal) && !path.Contains("/node_modules/", StringComparison.Ordinal);

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        var project = path[..path.LastIndexOf('/')];
        try
        {
            using var json = JsonDocument.Parse(content);
            var root = json.RootElement;
            var packages = new List<SoftwarePackage>();
            if (root.TryGetProperty("packages", out var modern) && modern.ValueKind == JsonValueKind.Object)
                ReadPackages(modern, project, path, packages);
            else if (root.TryGetProperty("dependencies", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
                ReadDependencies(legacy, project, path, packages);
            return new PackagesEvidence(packages);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void ReadPackages(JsonElement packages, string project, string path, List<SoftwarePackage> found)
    {
        foreach (var property in packages.EnumerateObject())
        {
            var key = property.Name;
            var marker = key.LastIndexOf("node_modules/", StringComparison.Ordinal);
            if (marker < 0 || property.Value.ValueKind != JsonValueKind.Object) continue; // "" is the project itself
            if (property.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
            if (NpmNames.Text(property.Value, "version") is not { } version) continue;
            var name = NpmNames.Text(property.Value, "name") ?? key[(marker + "node_modules/".Length)..];
            found.Add(NpmNames.Package(name, version, path, NpmNames.License(property.Value)) with { InstallPath = $"{project}/{key}" });
        }
    }

    private static void ReadDependencies(JsonElement dependencies, string directory, string path, List<SoftwarePackage> found)
    {
        foreach (var property in dependencies.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object) continue;
            var installed = $"{directory}/node_modules/{property.Name}";
            if (NpmNames.Text(property.Value, "version") is { } version)
                found.Add(NpmNames.Package(property.Name, version, path, null) with { InstallPath = installed });
            if (property.Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object)
                ReadDependencies(nested, installed, path, found);
        }
    }
}
