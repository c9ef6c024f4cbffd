using Hoist.Oci;

namespace Hoist.Planning;

/// <summary>
/// A named build context (<c>docker buildx build --build-context NAME=VALUE</c>): FROM NAME, <c>COPY --from=NAME</c> and
/// <c>RUN --mount=from=NAME</c> read it instead of the stage or image of that name. VALUE is a local directory,
/// <c>docker-image://REF</c>, <c>oci-layout://PATH[:TAG][@sha256:…]</c> or a git URL; the image forms keep the reference an
/// <see cref="IImageSource"/> resolves (<see cref="Value"/>: the reference, or the <c>oci-layout://</c> form as written
/// with an absolute path), a git context its URL as written (checked by <see cref="GitSourceReference.Parse"/>).
/// </summary>
public sealed record NamedContext(string Name, NamedContextKind Kind, string Value)
{
    public const string ImageScheme = "docker-image://";

    /// <summary>Parses <c>NAME=VALUE</c>; relative directories and layouts are taken from <paramref name="workingDirectory"/>.</summary>
    public static NamedContext Parse(string spec, string workingDirectory)
    {
        var equals = spec.IndexOf('=');
        if (equals <= 0 || equals == spec.Length - 1) throw Invalid(spec, "expected NAME=VALUE");
        var name = spec[..equals];
        var value = spec[(equals + 1)..];
        if (value.StartsWith(ImageScheme, StringComparison.Ordinal))
        {
            var reference = value[ImageScheme.Length..];
            if (!ImageReference.TryParse(reference, out _, out var error)) throw Invalid(spec, error);
            return new NamedContext(name, NamedContextKind.Image, reference);
        }
        if (OciLayoutReference.IsLayoutReference(value))
        {
            return new NamedContext(name, NamedContextKind.Image, OciLayoutReference.Parse(value, workingDirectory).ToString());
        }
        if (IsGitUrl(value)) return new NamedContext(name, NamedContextKind.Git, CheckedGitUrl(spec, value));
        if (IsHttp(value)) throw Invalid(spec, "a URL that is not a git repository (a remote tarball or file) is not supported yet; a git URL ends in .git");
        if (value.Contains("://", StringComparison.Ordinal))
            throw Invalid(spec, $"unsupported source \"{value}\" (supported: a directory, docker-image://, oci-layout://, a git URL)");
        return new NamedContext(name, NamedContextKind.Directory, Path.TrimEndingDirectorySeparator(Path.GetFullPath(value, workingDirectory)));
    }

    /// <summary>
    /// The context a Dockerfile reference names, if any: by the name as written, else, for an image reference, by its
    /// familiar form without <c>:latest</c> (BuildKit's lookup: <c>FROM docker.io/library/alpine:latest</c> finds
    /// <c>--build-context alpine=…</c>).
    /// </summary>
    public static NamedContext? Find(IReadOnlyDictionary<string, NamedContext> contexts, string reference)
    {
        if (contexts.Count == 0) return null;
        if (contexts.TryGetValue(reference, out var exact)) return exact;
        return ImageReference.TryParse(reference, out var parsed, out _) ? contexts.GetValueOrDefault(parsed.ContextName) : null;
    }

    /// <summary>BuildKit's git forms (dfgitutil.ParseGitRef): git@host:…, git://, ssh://, and http(s) URLs whose path
    /// ends in <c>.git</c> (any other http(s) URL is a remote file context).</summary>
    public static bool IsGitUrl(string value)
    {
        if (value.StartsWith("git@", StringComparison.Ordinal) || value.StartsWith("git://", StringComparison.Ordinal)
            || value.StartsWith("ssh://", StringComparison.Ordinal)) return true;
        if (!IsHttp(value)) return false;
        var end = value.IndexOfAny(['?', '#']);
        return (end < 0 ? value : value[..end]).EndsWith(".git", StringComparison.Ordinal);
    }

    private static bool IsHttp(string value) =>
        value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>The URL, refused at once when the git source it names cannot be fetched (ssh, a bad ref or query).</summary>
    private static string CheckedGitUrl(string spec, string value)
    {
        try
        {
            GitSourceReference.Parse(value);
            return value;
        }
        catch (HoistException e)
        {
            throw Invalid(spec, e.Message);
        }
    }

    private static HoistException Invalid(string spec, string why) => new($"--build-context \"{spec}\": {why}");
}
