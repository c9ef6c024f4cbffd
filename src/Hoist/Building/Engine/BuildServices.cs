using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The engine's collaborators, passed in so that the engine runs anywhere, tests included (a fake runtime and
/// snapshotter): where blobs go, what runs a RUN, what makes its root filesystem, where FROM images come from, the
/// build cache, and who hears the progress.
/// </summary>
public sealed record BuildServices
{
    public required ContentStore Store { get; init; }

    public required IContainerRuntime Runtime { get; init; }

    public required ISnapshotter Snapshotter { get; init; }

    /// <summary>Unpacked layers by diffID (beside the blobs, so that an upper directory can be renamed into it).</summary>
    public required SnapshotStore Snapshots { get; init; }

    /// <summary>This process's scratch space (copies, downloads, secrets), swept if the process is killed.</summary>
    public required ScratchSpace Scratch { get; init; }

    /// <summary>FROM, <c>COPY --from</c> and <c>RUN --mount=from=</c> images: usually the store, else a registry.</summary>
    public required IImageSource Images { get; init; }

    public required BuildCache Cache { get; init; }

    public IBuildEvents Events { get; init; } = NullBuildEvents.Instance;

    /// <summary>The registry pulls of <see cref="Images"/>, shown under the FROM step that uses each; none when null.</summary>
    public Registry.PullLog? Pulls { get; init; }
}
