namespace Hoist.Formats;

/// <summary>One <c>-o/--output</c> of <c>hoist build</c>, parsed by <see cref="BuildOutputParser"/>.</summary>
public sealed record BuildOutput
{
    public required BuildOutputType Type { get; init; }

    /// <summary>File or directory to write; <c>-</c> is standard output; null for <see cref="BuildOutputType.Image"/>.</summary>
    public string? Destination { get; init; }

    /// <summary><c>name=</c>: names for the image (comma-separated in docker's syntax); empty means the <c>-t</c> names.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary><c>push=true</c> (or <c>type=registry</c>): push the image's names after the build.</summary>
    public bool Push { get; init; }

    /// <summary>OCI and docker outputs: a tar (default) or, with <c>tar=false</c>, a layout directory.</summary>
    public bool Tar { get; init; } = true;

    /// <summary><c>rewrite-timestamp=</c>: clamp the build's own layers to SOURCE_DATE_EPOCH; null when not given.</summary>
    public bool? RewriteTimestamp { get; init; }

    /// <summary>Every key=value given besides type and dest, including those Hoist ignores (as BuildKit does).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the output is written to standard output.</summary>
    public bool IsStandardOutput => Destination == "-";
}
