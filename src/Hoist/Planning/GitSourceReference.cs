using Hoist.Posix;

namespace Hoist.Planning;

/// <summary>
/// A git source as BuildKit reads one (<c>ADD &lt;git URL&gt;</c>, a git build context): the repository URL, the ref
/// to check out, the sub-directory to take, the commit checksum it must match and whether <c>.git</c> is kept. The ref
/// and sub-directory come from the fragment (<c>#ref:subdir</c>) or from the query form BuildKit v0.24 added
/// (<c>?ref=|branch=|tag=</c>, <c>subdir=</c>, <c>checksum=</c> or <c>commit=</c>, <c>keep-git-dir=</c>).
/// </summary>
public sealed record GitSourceReference
{
    /// <summary>Longer refs are refused before git sees them (git's own limit is the filesystem's, 4096).</summary>
    public const int MaxRefLength = 1024;

    /// <summary>The repository URL, without fragment or query: <c>git://</c>, <c>http://</c> or <c>https://</c>.</summary>
    public required string Remote { get; init; }

    /// <summary>A branch, tag, full ref (<c>refs/pull/42/head</c>) or full commit id; null: the remote's HEAD.</summary>
    public string? Ref { get; init; }

    /// <summary>The directory inside the repository to take (relative, clean); empty: the whole checkout.</summary>
    public string Subdirectory { get; init; } = "";

    /// <summary>The commit the ref must resolve to: a full id or a prefix of one (lower-case hex).</summary>
    public string? Checksum { get; init; }

    public bool KeepGitDirectory { get; init; }

    /// <summary>Parses <paramref name="source"/>; <paramref name="checksum"/> and <paramref name="keepGitDirectory"/>
    /// are ADD's <c>--checksum</c> and <c>--keep-git-dir</c>. Throws <see cref="HoistException"/> naming what is wrong,
    /// including for ssh sources, which need credentials Hoist does not forward yet.</summary>
    public static GitSourceReference Parse(string source, string? checksum = null, bool keepGitDirectory = false)
    {
        var fragmentAt = source.IndexOf('#');
        var fragment = fragmentAt < 0 ? null : source[(fragmentAt + 1)..];
        var withoutFragment = fragmentAt < 0 ? source : source[..fragmentAt];
        var queryAt = withoutFragment.IndexOf('?');
        var query = queryAt < 0 ? null : withoutFragment[(queryAt + 1)..];
        var remote = queryAt < 0 ? withoutFragment : withoutFragment[..queryAt];
        RequireSupportedRemote(source, remote);
        if (fragment is not null && query is not null)
            throw new HoistException($"git source {source}: use either a #ref:subdir fragment or a ?ref=&subdir= query, not both");
        var reference = new GitSourceReference { Remote = remote, KeepGitDirectory = keepGitDirectory };
        reference = query is not null ? reference.WithQuery(source, query) : reference.WithFragment(fragment);
        reference = reference.WithChecksum(source, checksum);
        reference.Validate(source);
        return reference;
    }

    private static void RequireSupportedRemote(string source, string remote)
    {
        if (remote.StartsWith("git://", StringComparison.Ordinal) || remote.StartsWith("http://", StringComparison.Ordinal)
            || remote.StartsWith("https://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.Host.Length > 0) return;
            throw new HoistException($"git source {source}: invalid repository URL");
        }
        throw new HoistException($"git source {source}: git over ssh is not supported yet (use a git:// or https:// URL)");
    }

    private GitSourceReference WithFragment(string? fragment)
    {
        if (string.IsNullOrEmpty(fragment)) return this;
        var colon = fragment.IndexOf(':');
        var gitRef = colon < 0 ? fragment : fragment[..colon];
        var subdirectory = colon < 0 ? "" : fragment[(colon + 1)..];
        return this with { Ref = gitRef.Length == 0 ? null : gitRef, Subdirectory = CleanSubdirectory(subdirectory) };
    }

    private GitSourceReference WithQuery(string source, string query)
    {
        var result = this;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
            result = key switch
            {
                "ref" => result.WithRef(source, value),
                "branch" => result.WithRef(source, "refs/heads/" + value),
                "tag" => result.WithRef(source, "refs/tags/" + value),
                "subdir" => result with { Subdirectory = CleanSubdirectory(value) },
                "checksum" or "commit" => result.WithChecksum(source, value),
                "keep-git-dir" => result with { KeepGitDirectory = ParseBool(source, key, value) },
                _ => throw new HoistException($"git source {source}: unknown query parameter \"{key}\""),
            };
        }
        return result;
    }

    private GitSourceReference WithRef(string source, string value) =>
        Ref is null || Ref == value ? this with { Ref = value } : throw new HoistException($"git source {source}: more than one ref given");

    private GitSourceReference WithChecksum(string source, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        var lower = value.ToLowerInvariant();
        if (lower.Length is < 4 or > 64 || !lower.All(char.IsAsciiHexDigitLower))
            throw new HoistException($"git source {source}: invalid commit checksum \"{value}\" (a commit id or a prefix of one)");
        if (Checksum is not null && !Checksum.StartsWith(lower, StringComparison.Ordinal) && !lower.StartsWith(Checksum, StringComparison.Ordinal))
            throw new HoistException($"git source {source}: --checksum {value} contradicts the URL's checksum {Checksum}");
        return this with { Checksum = Checksum is null || lower.Length > Checksum.Length ? lower : Checksum };
    }

    private static bool ParseBool(string source, string key, string value) => value switch
    {
        "" or "1" or "true" => true,
        "0" or "false" => false,
        _ => throw new HoistException($"git source {source}: {key}={value} is not a boolean"),
    };

    private static string CleanSubdirectory(string subdirectory) => UnixPath.Clean("/" + subdirectory).TrimStart('/');

    /// <summary>A ref reaches git's command line: one that could read as an option, a refspec or a revision
    /// expression is refused, and so is an oversized one.</summary>
    private void Validate(string source)
    {
        if (Ref is null) return;
        if (Ref.Length > MaxRefLength) throw new HoistException($"git source {source}: ref longer than {MaxRefLength} characters");
        if (Ref.StartsWith('-') || Ref.Any(c => c <= ' ' || c == 0x7f || c is ':' or '~' or '^' or '?' or '*' or '[' or '\\')
            || Ref.Contains("..", StringComparison.Ordinal) || Ref.Contains("@{", StringComparison.Ordinal))
            throw new HoistException($"git source {source}: invalid ref \"{Ref}\"");
    }

    /// <summary>True when <see cref="Ref"/> names a commit by its full id (no lookup on the remote is needed).</summary>
    public bool RefIsCommitId => Ref is { Length: 40 or 64 } r && r.All(char.IsAsciiHexDigitLower);
}
