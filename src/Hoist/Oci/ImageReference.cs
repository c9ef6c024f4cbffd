using System.Text.RegularExpressions;

namespace Hoist.Oci;

/// <summary>
/// An image reference <c>[registry/]repository[:tag][@digest]</c>, normalised the way docker's reference package does
/// (ParseNormalizedNamed): no registry means <c>docker.io</c>, and a one-component Docker Hub repository gets
/// <c>library/</c>, so <c>busybox</c> is <c>docker.io/library/busybox:latest</c>. <see cref="ToString"/> is the full
/// form, used as the store's key; <see cref="Familiar"/> is what docker displays; <see cref="ApiHost"/> and
/// <see cref="ManifestReference"/> are what the distribution API needs.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DockerHubApiHost = "registry-1.docker.io";
    public const string DefaultTag = "latest";
    private const int MaxNameLength = 255;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry as users name it: <c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry, e.g. <c>library/busybox</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag; <c>latest</c> when the user gave neither tag nor digest.</summary>
    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>Where the distribution API lives: Docker Hub's is not the name users write.</summary>
    public string ApiHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    /// <summary>What goes after <c>/manifests/</c>: the digest when there is one (it is the stronger claim), else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>Loopback registries are reachable over plain HTTP without configuration, as docker allows.</summary>
    public bool IsLoopbackRegistry => IsLoopbackHost(Registry);

    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag)) throw new HoistException($"invalid reference format: invalid tag \"{tag}\"");
        return new ImageReference(Registry, Repository, tag, null);
    }

    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    /// <summary>Another repository on the same registry, e.g. the source of a cross-repository blob mount.</summary>
    public ImageReference WithRepository(string repository)
    {
        ValidatePath(repository, repository);
        return new ImageReference(Registry, repository, Tag, Digest);
    }

    /// <summary>The full name without tag or digest, e.g. <c>docker.io/library/busybox</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The name as docker shows it: <c>busybox</c>, <c>user/app</c>, <c>ghcr.io/o/app</c>.</summary>
    public string FamiliarRepository =>
        Registry != DockerHub ? Name
        : Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository[8..]
        : Repository;

    /// <summary>The whole reference as docker shows it, e.g. <c>busybox:latest</c>.</summary>
    public string Familiar => FamiliarRepository + Suffix;

    /// <summary>The name BuildKit looks a named build context up by: <see cref="Familiar"/> without <c>:latest</c>
    /// (<c>docker.io/library/alpine:latest</c> → <c>alpine</c>).</summary>
    public string ContextName => Familiar.EndsWith(":latest", StringComparison.Ordinal) ? Familiar[..^":latest".Length] : Familiar;

    private string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public override string ToString() => Name + Suffix;

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new HoistException(error);

    public static bool TryParse(string? text, out ImageReference reference, out string error)
    {
        reference = null!;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "invalid reference format: empty reference";
            return false;
        }
        var remainder = text;
        Digest? digest = null;
        var at = remainder.IndexOf('@');
        if (at >= 0)
        {
            var digestText = remainder[(at + 1)..];
            if (!Oci.Digest.TryParse(digestText, out var parsed))
            {
                error = $"invalid reference format: invalid digest \"{digestText}\" in \"{text}\"";
                return false;
            }
            digest = parsed;
            remainder = remainder[..at];
        }
        string? tag = null;
        var colon = remainder.LastIndexOf(':');
        if (colon > remainder.LastIndexOf('/'))
        {
            tag = remainder[(colon + 1)..];
            remainder = remainder[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid reference format: invalid tag \"{tag}\" in \"{text}\"";
                return false;
            }
        }
        if (remainder.Length == 0)
        {
            error = $"invalid reference format: missing repository name in \"{text}\"";
            return false;
        }
        if (remainder.Length > MaxNameLength)
        {
            error = $"invalid reference format: repository name longer than {MaxNameLength} characters";
            return false;
        }

        // docker's rule: the first component is a registry only if it looks like a host (has '.' or ':', is
        // localhost, or has uppercase letters, which a repository path never may).
        string registry;
        string path;
        var slash = remainder.IndexOf('/');
        var first = slash < 0 ? "" : remainder[..slash];
        if (slash < 0 || (!first.Contains('.') && !first.Contains(':') && first != "localhost" && first.ToLowerInvariant() == first))
        {
            registry = DockerHub;
            path = remainder;
        }
        else
        {
            registry = first;
            path = remainder[(slash + 1)..];
            if (!HostPattern().IsMatch(registry))
            {
                error = $"invalid reference format: invalid registry host \"{registry}\" in \"{text}\"";
                return false;
            }
        }
        if (registry == "index.docker.io") registry = DockerHub;
        if (registry == DockerHub && !path.Contains('/')) path = "library/" + path;
        if (path.Any(char.IsAsciiLetterUpper))
        {
            error = $"invalid reference format: repository name \"{path}\" must be lowercase";
            return false;
        }
        if (!TryValidatePath(path, text, out error)) return false;
        if (Sha256HexPattern().IsMatch(remainder))
        {
            error = $"invalid repository name \"{remainder}\": cannot be a 64-character hexadecimal string (did you mean a digest?)";
            return false;
        }
        if (tag is null && digest is null) tag = DefaultTag;
        reference = new ImageReference(registry, path, tag, digest);
        return true;
    }

    /// <summary>
    /// Why <paramref name="text"/> (which <see cref="TryParse"/> refused) is not a reference, in the words of
    /// distribution's ParseNormalizedNamed, which BuildKit prints after <c>failed to parse stage name "…":</c>: a
    /// 64-hex name and an upper-case repository are named, anything else is "invalid reference format".
    /// </summary>
    public static string NormalizedNameError(string text)
    {
        if (Sha256HexPattern().IsMatch(text)) return $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings";
        var slash = text.IndexOf('/');
        var first = slash < 0 ? "" : text[..slash];
        var hub = slash < 0 || (!first.Contains('.') && !first.Contains(':') && first != "localhost" && first.ToLowerInvariant() == first);
        var remainder = hub ? text : text[(slash + 1)..];
        if ((hub || first == "index.docker.io" || first == DockerHub) && !remainder.Contains('/')) remainder = "library/" + remainder;
        var colon = remainder.IndexOf(':');
        var remote = colon < 0 ? remainder : remainder[..colon];
        return remote.ToLowerInvariant() != remote
            ? $"invalid reference format: repository name ({remote}) must be lowercase"
            : "invalid reference format";
    }

    /// <summary>Whether a registry host (with optional port) is loopback: localhost, 127.0.0.0/8 or [::1].</summary>
    public static bool IsLoopbackHost(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            host = close > 0 ? host[1..close] : host;
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0) host = host[..colon];
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    private static void ValidatePath(string path, string text)
    {
        if (!TryValidatePath(path, text, out var error)) throw new HoistException(error);
    }

    private static bool TryValidatePath(string path, string text, out string error)
    {
        error = "";
        foreach (var component in path.Split('/'))
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                error = component.Length == 0
                    ? $"invalid reference format: empty path component in \"{text}\""
                    : $"invalid reference format: invalid repository path component \"{component}\" in \"{text}\"";
                return false;
            }
        }
        return true;
    }

    // Grammar from distribution's reference package: lowercase alphanumerics separated by '.', '_', '__' or dashes.
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256HexPattern();
}
