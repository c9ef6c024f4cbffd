namespace Hoist.Oci;

/// <summary>
/// An image in an OCI image layout, as <c>docker buildx build --build-context NAME=oci-layout://PATH[:TAG][@sha256:…]</c>
/// names it: the layout (a directory, or a tar of one), and the image in its index.json by tag (the
/// <c>org.opencontainers.image.ref.name</c> annotation), by digest, or the only image when neither is given.
/// </summary>
public sealed record OciLayoutReference(string Path, string? Tag, Digest? Digest)
{
    public const string Scheme = "oci-layout://";

    public static bool IsLayoutReference(string text) => text.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Parses the <c>oci-layout://</c> form; a relative path is taken from <paramref name="workingDirectory"/>.</summary>
    public static OciLayoutReference Parse(string text, string workingDirectory = "/")
    {
        if (!IsLayoutReference(text)) throw Invalid(text, "expected oci-layout://PATH[:TAG][@sha256:DIGEST]");
        var rest = text[Scheme.Length..];
        Digest? digest = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(rest[(at + 1)..], out var parsed)) throw Invalid(text, $"invalid digest \"{rest[(at + 1)..]}\"");
            digest = parsed;
            rest = rest[..at];
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (tag.Length == 0) throw Invalid(text, "empty tag");
        }
        if (rest.Length == 0) throw Invalid(text, "no layout path");
        return new OciLayoutReference(System.IO.Path.GetFullPath(rest, workingDirectory), tag, digest);
    }

    public override string ToString() => Scheme + Path + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    private static HoistException Invalid(string text, string why) => new($"invalid OCI layout reference \"{text}\": {why}");
}
