using System.Text.RegularExpressions;

namespace Hoist.Oci;

/// <summary>
/// An image reference <c>[domain/]path[:tag][@digest]</c>, normalised as Docker does (distribution/reference
/// ParseNormalizedNamed): no domain means <c>docker.io</c>, and a one-component Docker Hub path gets
/// <c>library/</c>. <see cref="ToString"/> is the full form used as a storage key; <see cref="Familiar"/> is what
/// Docker displays.
/// </summary>
public sealed partial record ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";

    public required string Domain { get; init; }

    public required string Path { get; init; }

    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    /// <summary><c>domain/path</c>, e.g. <c>docker.io/library/busybox</c>.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>The repository as Docker shows it: <c>busybox</c>, <c>user/app</c>, <c>ghcr.io/o/app</c>.</summary>
    public string FamiliarRepository =>
        Domain != DefaultDomain ? Repository
        : Path.StartsWith("library/", StringComparison.Ordinal) && Path.IndexOf('/', 8) < 0 ? Path[8..]
        : Path;

    /// <summary>The whole reference as Docker shows it, e.g. <c>busybox:latest</c>.</summary>
    public string Familiar => FamiliarRepository + Suffix;

    private string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public override string ToString() => Repository + Suffix;

    /// <summary>Parses a reference; with neither tag nor digest the tag is <c>latest</c>.</summary>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new HoistException($"invalid reference \"{text}\": {error}");

    public static bool TryParse(string text, out ImageReference reference, out string error)
    {
        reference = null!;
        error = "";
        if (string.IsNullOrEmpty(text)) { error = "empty reference"; return false; }
        if (FullHex().IsMatch(text))
        {
            error = "cannot specify 64-byte hexadecimal strings";
            return false;
        }
        var name = text;
        Digest? digest = null;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(name[(at + 1)..], out var d)) { error = "invalid digest"; return false; }
            digest = d;
            name = name[..at];
        }
        string? tag = null;
        var lastColon = name.LastIndexOf(':');
        if (lastColon > name.LastIndexOf('/'))
        {
            tag = name[(lastColon + 1)..];
            name = name[..lastColon];
            if (!TagPattern().IsMatch(tag)) { error = "invalid tag"; return false; }
        }
        var domain = DefaultDomain;
        var path = name;
        var slash = name.IndexOf('/');
        if (slash >= 0)
        {
            var first = name[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.ToLowerInvariant() != first)
            {
                domain = first == "index.docker.io" ? DefaultDomain : first;
                path = name[(slash + 1)..];
            }
        }
        if (!DomainPattern().IsMatch(domain)) { error = "invalid domain"; return false; }
        if (path.ToLowerInvariant() != path) { error = "repository name must be lowercase"; return false; }
        if (!PathPattern().IsMatch(path)) { error = "invalid repository name"; return false; }
        if (domain == DefaultDomain && !path.Contains('/')) path = "library/" + path;
        if (domain.Length + 1 + path.Length > 255) { error = "repository name must not be more than 255 characters"; return false; }
        reference = new ImageReference { Domain = domain, Path = path, Tag = tag ?? (digest is null ? DefaultTag : null), Digest = digest };
        return true;
    }

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex FullHex();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();
}
