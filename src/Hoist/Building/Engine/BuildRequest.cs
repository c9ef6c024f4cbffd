using Hoist.Building.Cache;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>Everything <c>hoist build</c> does, as data: the build itself, how RUN steps run, the cache, and what
/// happens to the image afterwards (outputs, pushes, cache export, image ID file).</summary>
public sealed record BuildRequest
{
    public required BuildOptions Build { get; init; }

    /// <summary>Steps already shown by earlier builds of the same invocation (the first targets of several
    /// <c>--target</c>): this build's steps are numbered after them.</summary>
    public int StepsBefore { get; init; }

    /// <summary>The OCI runtime binary.</summary>
    public string RuntimePath { get; init; } = "runc";

    /// <summary>Use copies instead of overlayfs for RUN snapshots.</summary>
    public bool ForceCopySnapshots { get; init; }

    /// <summary><c>--pull</c>: resolve every image the build uses (FROM, COPY --from, RUN --mount from) against its
    /// registry, even when the store has it; blobs the store holds are not downloaded again.</summary>
    public bool Pull { get; init; }

    /// <summary><c>--no-cache</c>: run every step (results are still recorded for later builds).</summary>
    public bool NoCache { get; init; }

    /// <summary><c>--no-cache-filter</c>: stages (by name or index) whose steps all run.</summary>
    public IReadOnlyList<string> NoCacheStages { get; init; } = [];

    /// <summary><c>--cache-from</c>: imported before the build; a missing one is only a warning.</summary>
    public IReadOnlyList<RemoteCacheSpec> CacheImports { get; init; } = [];

    /// <summary><c>--cache-to</c>: the cache entries the build used, exported after it.</summary>
    public IReadOnlyList<RemoteCacheSpec> CacheExports { get; init; } = [];

    /// <summary>File outputs (local, tar, oci, docker), each with the names an archive records.</summary>
    public IReadOnlyList<(BuildOutput Output, IReadOnlyList<ImageReference> Names)> Outputs { get; init; } = [];

    /// <summary>Names (already set in the store) to push to their registries.</summary>
    public IReadOnlyList<ImageReference> Pushes { get; init; } = [];

    /// <summary><c>--iidfile</c>: where to write the image ID.</summary>
    public string? ImageIdFile { get; init; }

    /// <summary>SBOM and provenance attestations to attach (<c>--sbom</c>, <c>--provenance</c>).</summary>
    public AttestationRequest Attestations { get; init; } = AttestationRequest.None;
}
