using Hoist.Execution;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>Everything one build needs besides the store: the plan, the context, and what to do with the result.</summary>
public sealed record BuildOptions
{
    public required BuildPlan Plan { get; init; }

    /// <summary>The build context directory; null when the build has none (Dockerfile from stdin, no context).</summary>
    public string? ContextDirectory { get; init; }

    /// <summary>The Dockerfile's path, so the .dockerignore next to it is used; null for CONTEXT/Dockerfile.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>Names to give the image (<c>-t</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>--label</c>: set on the final image after the Dockerfile's own labels.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Network of every RUN unless it says otherwise (<c>--network</c>); docker's sandbox network by default.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.Sandbox;

    /// <summary><c>--pids-limit</c>: the most tasks one RUN container may hold; null for no limit.</summary>
    public long? PidsLimit { get; init; } = RuncRuntimeOptions.DefaultPidsLimit;

    /// <summary><c>--allow security.insecure</c>: lets <c>RUN --security=insecure</c> run privileged.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>
    /// How many stages may run at once. The default is twice the cores: a stage spends most of its time waiting on a
    /// container or on I/O, and BuildKit runs every independent stage at once, so one stage per core would serialise
    /// sleep- or network-bound stages that BuildKit overlaps.
    /// </summary>
    public int Jobs { get; init; } = DefaultJobs;

    public static int DefaultJobs => 2 * Environment.ProcessorCount;

    /// <summary>Asked for images the store lacks (a registry puller); null means the store only.</summary>
    public IBaseImageResolver? BaseImageResolver { get; init; }

    /// <summary>The OCI runtime binary.</summary>
    public string RuntimePath { get; init; } = "runc";

    /// <summary><c>--secret</c>: what <c>RUN --mount=type=secret</c> may mount, by id.</summary>
    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];

    /// <summary><c>--ssh</c>: agent sockets <c>RUN --mount=type=ssh</c> may mount, by id.</summary>
    public IReadOnlyList<SshAgentSocket> SshAgents { get; init; } = [];

    /// <summary>Use copies instead of overlayfs for RUN snapshots.</summary>
    public bool ForceCopySnapshots { get; init; }

    /// <summary><c>--no-cache</c>: run every step (results are still recorded for later builds).</summary>
    public bool NoCache { get; init; }

    /// <summary><c>--no-cache-filter</c>: stages (by name or index) whose steps all run.</summary>
    public IReadOnlyList<string> NoCacheStages { get; init; } = [];
}
