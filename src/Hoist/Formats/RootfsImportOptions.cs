using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>How <see cref="RootfsImporter"/> describes the image it makes from a root filesystem tar.</summary>
public sealed record RootfsImportOptions
{
    /// <summary>The name to give the image; null leaves it unnamed (found by its ID).</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The execution config (from <c>--change</c>); null for none.</summary>
    public ContainerConfig? Config { get; init; }

    /// <summary>The history comment; docker import writes "Imported from -" for a local file or stdin.</summary>
    public string Comment { get; init; } = "Imported from -";

    public Platform Platform { get; init; } = Platform.Host;

    /// <summary>The image's creation time; null means now.</summary>
    public DateTimeOffset? Created { get; init; }
}
