using System.Text.Json;

namespace Hoist.Analysis.Sbom;

/// <summary>Reading package.json and package-lock.json fields the same way for both npm scanners.</summary>
internal static class NpmNames
{
    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>"MIT", or the older <c>{"type": "MIT"}</c> form.</summary>
    public static string? License(JsonElement element) =>
        Text(element, "license")
        ?? (element.TryGetProperty("license", out var license) && license.ValueKind == JsonValueKind.Object ? Text(license, "type") : null);

    public static SoftwarePackage Package(string fullName, string version, string location, string? license)
    {
        var slash = fullName.IndexOf('/');
        var scoped = fullName.StartsWith('@') && slash > 1;
        return new SoftwarePackage("npm", scoped ? fullName[(slash + 1)..] : fullName, version, location)
        {
            Namespace = scoped ? fullName[..slash] : null,
            License = license,
        };
    }
}
