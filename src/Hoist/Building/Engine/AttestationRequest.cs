namespace Hoist.Building.Engine;

/// <summary>Which attestations <c>hoist build --sbom</c> / <c>--provenance</c> attach to the image.</summary>
public sealed record AttestationRequest(bool Sbom, bool Provenance)
{
    public static AttestationRequest None { get; } = new(false, false);

    public bool Any => Sbom || Provenance;
}
