using System.Text.Json.Serialization;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// One element of <c>hoist inspect</c>'s JSON array: Docker's image-inspect fields, plus the manifest and each layer
/// blob with its size, which Docker does not show.
/// </summary>
public sealed record ImageInspectView
{
    public required string Id { get; init; }
    public required IReadOnlyList<string> RepoTags { get; init; }
    public required IReadOnlyList<string> RepoDigests { get; init; }
    public required string Comment { get; init; }
    public required string Created { get; init; }
    public required string Author { get; init; }
    public ContainerConfig? Config { get; init; }
    public required string Architecture { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    public required string Os { get; init; }

    /// <summary>What the name points at, as docker's containerd store shows it: for a multi-platform image the index
    /// (media type, digest, size), whose entries <see cref="Platforms"/> lists.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Descriptor { get; init; }

    /// <summary>A multi-platform image's platforms present in the store; null for a single image. Not a docker field.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>docker's Size: the layers' uncompressed file bytes (what <c>docker image inspect</c> reports with the
    /// classic store).</summary>
    public required long Size { get; init; }

    /// <summary>Config and layer blobs as stored and pushed (compressed); not a docker field.</summary>
    public required long CompressedSize { get; init; }
    public required RootFsView RootFS { get; init; }
    public required Descriptor Manifest { get; init; }
    public required IReadOnlyList<LayerView> Layers { get; init; }
}
