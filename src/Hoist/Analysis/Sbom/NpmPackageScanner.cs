using System.Text.Json;
using Hoist.Archives;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// Installed npm packages: every <c>node_modules/NAME/package.json</c> and <c>node_modules/@SCOPE/NAME/package.json</c>
/// with a name and a version (nested package.json files that only set a module type are not packages).
/// </summary>
public sealed class NpmPackageScanner : FileInspector
{
    private const int MaxSize = 4 << 20;

    public override bool Wants(string path, TarEntry entry) => entry.Size <= MaxSize && InstallDirectory(path) is not null;

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        try
        {
            using var json = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || NpmNames.Text(root, "name") is not { } name || NpmNames.Text(root, "version") is not { } version)
                return null;
            return new PackagesEvidence([NpmNames.Package(name, version, path, NpmNames.License(root)) with { InstallPath = InstallDirectory(path) }]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>/app/node_modules/@s/n</c> for <c>/app/node_modules/@s/n/package.json</c>; null for any other path.</summary>
    public static string? InstallDirectory(string path)
    {
        if (!path.EndsWith("/package.json", StringComparison.Ordinal)) return null;
        var directory = path[..^"/package.json".Length];
        var parts = directory.Split('/');
        if (parts.Length >= 3 && parts[^2] == "node_modules" && !parts[^1].StartsWith('@') && !parts[^1].StartsWith('.')) return directory;
        if (parts.Length >= 4 && parts[^3] == "node_modules" && parts[^2].StartsWith('@')) return directory;
        return null;
    }
}
