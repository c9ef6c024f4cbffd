using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>What the checks may know about a base image (from the store, when it is there): its ENV, SHELL and platform.</summary>
public sealed record BaseImageFacts
{
    /// <summary>The config's Env entries, <c>NAME=value</c>.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> Shell { get; init; } = [];

    public Platform? Platform { get; init; }
}
