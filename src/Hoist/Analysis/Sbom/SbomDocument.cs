using System.Security.Cryptography;
using System.Text;
using Hoist.Oci;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// What an SBOM says, independent of its format: the image and its packages in a stable order. Everything that must
/// be unique (document namespace, serial number, element IDs) is derived from the content, and the time is the
/// image's creation time, so the same image always gives the same bytes.
/// </summary>
public sealed record SbomDocument(string ImageName, Digest ImageId, DateTimeOffset Created, IReadOnlyList<SoftwarePackage> Packages,
    OsReleaseEvidence? OperatingSystem)
{
    public const string ToolName = "hoist";

    public static string ToolVersion =>
        typeof(SbomDocument).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static SbomDocument From(AnalysisImage image, IReadOnlyList<SoftwarePackage> packages, OsReleaseEvidence? os) =>
        new(image.Name, image.Id, image.Config.Created ?? DateTimeOffset.UnixEpoch, packages, os);

    /// <summary>RFC 3339 in UTC, whole seconds, as both formats expect.</summary>
    public string Timestamp => Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A name-based (version 5 layout) UUID from a SHA-256 of the image ID, the format and every package.</summary>
    public string ContentUuid(string format)
    {
        var text = new StringBuilder(format).Append('\n').Append(ImageId).Append('\n');
        foreach (var package in Packages) text.Append(PackageUrl.For(package, OperatingSystem)).Append(' ').Append(package.Location).Append('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>A short, stable reference for a package, unique within the document.</summary>
    public string ReferenceOf(SoftwarePackage package)
    {
        var key = $"{PackageUrl.For(package, OperatingSystem)}|{package.Location}|{package.InstallPath}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        var name = new string(package.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray());
        return $"{package.Ecosystem}-{name}-{hash}";
    }
}
