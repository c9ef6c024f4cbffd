using Hoist.Oci;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// What one build of a step keyed it from, kept so the next build can say why that step missed: its key, the parent
/// filesystem key, the stage's base, a fingerprint of the instruction text, a fingerprint per named input (build args
/// and env values, WORKDIR, USER, mounts, copy options, <c>--from</c> sources) and the selected files. Values are never
/// stored, only fingerprints (see <see cref="ValueFingerprint"/>).
/// </summary>
public sealed record StepRecord
{
    public required Digest Key { get; init; }

    public required Digest Parent { get; init; }

    /// <summary>The stage's base as the user knows it: <c>NAME@sha256:…</c> for an image, <c>scratch</c>, <c>stage NAME</c>.</summary>
    public required string Base { get; init; }

    /// <summary>Fingerprint of the instruction text as written.</summary>
    public required string Instruction { get; init; }

    /// <summary>Input label (<c>build arg V</c>, <c>env PATH</c>, <c>WORKDIR</c>, <c>stage build</c>…) → fingerprint.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>The files the step's key read (COPY/ADD sources, context bind mounts); null when it read none.</summary>
    public FileSummary? Files { get; init; }
}
