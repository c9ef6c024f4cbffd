using Hoist.Execution;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>What <c>RUN --mount</c>s are made from: the step sources (context, stages, images) and their unpacked
/// layers, the cache mount directories, the secrets and ssh agents the build was given, and the scratch space that
/// holds secrets and throw-away copies.</summary>
internal sealed record RunMountSources(StepSources Sources, LayerDirectories Layers, CacheMountStore Caches,
    IReadOnlyList<BuildSecret> Secrets, IReadOnlyList<SshAgentSocket> SshAgents, ScratchSpace Scratch);
