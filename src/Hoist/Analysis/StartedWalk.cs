using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>
/// A walk of an image's first layers made ahead of time: a build stage's base, walked while the stage builds, which the
/// build summary's report then continues with the stage's own layers instead of replaying the base's records again
/// after the build. Continued at most once (continuing changes it).
/// </summary>
/// <param name="Layers">The layers walked, in order: a prefix of the image that continues it.</param>
public sealed record StartedWalk(IReadOnlyList<Digest> Layers, LayerWalk Walk)
{
    /// <summary>Whether <paramref name="image"/> begins with these layers, so that walking it can start after them.</summary>
    public bool Begins(AnalysisImage image) =>
        Layers.Count <= image.Layers.Count && Layers.Select((digest, i) => image.Layers[i].Digest == digest).All(same => same);
}
