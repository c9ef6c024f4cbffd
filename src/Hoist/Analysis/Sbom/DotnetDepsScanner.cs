using System.Text.Json;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>NuGet packages a .NET application was built with, from its <c>*.deps.json</c> <c>libraries</c>
/// (<c>"Name/Version": {"type": "package"}</c>; projects and framework references are not packages).</summary>
public sealed class DotnetDepsScanner : FileInspector
{
    private const int MaxSize = 32 << 20;

    public override bool Wants(string path, TarEntry entry) => entry.Size <= MaxSize && path.EndsWith(".deps.json", StringComparison.Ordinal);

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        try
        {
            using var json = JsonDocument.Parse(content);
            if (!json.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object) return null;
            var packages = new List<SoftwarePackage>();
            foreach (var library in libraries.EnumerateObject())
            {
                var slash = library.Name.IndexOf('/');
                if (slash <= 0 || library.Value.ValueKind != JsonValueKind.Object || NpmNames.Text(library.Value, "type") != "package") continue;
                packages.Add(new SoftwarePackage("nuget", library.Name[..slash], library.Name[(slash + 1)..], path));
            }
            return new PackagesEvidence(packages);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
