namespace Hoist.Oci;

/// <summary>An image with the name it is written or was read under (<c>hoist save app:1</c>, an archive's
/// <c>RepoTags</c>); no name for an image given or found only by its ID.</summary>
public sealed record NamedImage(ImageReference? Reference, ResolvedImage Image);
