using System.Text;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// Package URLs (the purl specification: <c>pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS</c>) for the packages Hoist
/// finds. Segments are percent-encoded except unreserved characters, <c>:</c> and <c>+</c>, as packageurl-go writes
/// them (so Debian versions such as <c>2.36-9+deb12u4</c> read as they are); qualifiers are sorted by key.
/// </summary>
public static class PackageUrl
{
    public static string For(SoftwarePackage package, OsReleaseEvidence? os)
    {
        var qualifiers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (package.Architecture is { Length: > 0 } arch && package.Ecosystem is "deb" or "apk") qualifiers["arch"] = arch;
        if (os is not null && package.Ecosystem is "deb" or "apk") qualifiers["distro"] = os.VersionId.Length > 0 ? $"{os.Id}-{os.VersionId}" : os.Id;
        var (space, name) = package.Ecosystem switch
        {
            "deb" or "apk" => (os?.Id ?? (package.Ecosystem == "deb" ? "debian" : "alpine"), package.Name),
            "pypi" => (null, package.Name.ToLowerInvariant().Replace('_', '-').Replace('.', '-')),
            "golang" => SplitLast(package.Name),
            _ => (package.Namespace, package.Name),
        };
        var text = new StringBuilder("pkg:").Append(package.Ecosystem).Append('/');
        if (space is { Length: > 0 }) text.Append(string.Join('/', space.Split('/').Select(Encode))).Append('/');
        text.Append(Encode(name));
        if (package.Version.Length > 0) text.Append('@').Append(Encode(package.Version));
        if (qualifiers.Count > 0) text.Append('?').Append(string.Join('&', qualifiers.Select(q => $"{q.Key}={Encode(q.Value)}")));
        return text.ToString();
    }

    private static (string? Space, string Name) SplitLast(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? (null, path) : (path[..slash], path[(slash + 1)..]);
    }

    public static string Encode(string segment)
    {
        var text = new StringBuilder(segment.Length);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or ':' or '+') text.Append(c);
            else text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
