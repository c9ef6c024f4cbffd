using Hoist.Execution;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>What one build makes: the plan, the context, the names and labels of the image, how RUN steps run.</summary>
public sealed record BuildOptions
{
    public required BuildPlan Plan { get; init; }

    /// <summary>Work out what the multi-stage split left behind (or, single-stage, which toolchain ships) for the
    /// summary (see <see cref="SplitReport"/>).</summary>
    public bool ReportSplit { get; init; }

    /// <summary>
    /// With several target platforms (<c>--platform a,b</c>), one plan per platform in the order given (<see cref="Plan"/>
    /// is the first): the build makes an image index (<see cref="MultiPlatformBuilder"/>). Empty for one platform.
    /// </summary>
    public IReadOnlyList<BuildPlan> PlatformPlans { get; init; } = [];

    /// <summary>The build context directory; null when the build has none (Dockerfile from stdin, no context).</summary>
    public string? ContextDirectory { get; init; }

    /// <summary>The Dockerfile's path, so the .dockerignore next to it is used; null for CONTEXT/Dockerfile.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>The URL <see cref="ContextDirectory"/> was fetched from (<c>docker build URL</c>): as in BuildKit, no
    /// .dockerignore applies to it, and the records miss explanations compare with are kept per URL, not per the
    /// temporary directory.</summary>
    public string? ContextUrl { get; init; }

    /// <summary>Names to give the image (<c>-t</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>--label</c>: set on the final image after the Dockerfile's own labels.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Network of every RUN unless it says otherwise (<c>--network</c>); docker's sandbox network by default.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.Sandbox;

    /// <summary><c>--pids-limit</c>: the most tasks one RUN container may hold; null for no limit.</summary>
    public long? PidsLimit { get; init; } = RuncRuntimeOptions.DefaultPidsLimit;

    /// <summary><c>--add-host</c>, <c>--ulimit</c>, <c>--shm-size</c>, <c>--cgroup-parent</c>: every RUN container's; part of
    /// each RUN's cache key when set.</summary>
    public RunSandboxOptions Sandbox { get; init; } = RunSandboxOptions.Default;

    /// <summary><c>--allow security.insecure</c>: lets <c>RUN --security=insecure</c> run privileged.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>
    /// How many stages may run at once. The default is twice the cores: a stage spends most of its time waiting on a
    /// container or on I/O, and BuildKit runs every independent stage at once, so one stage per core would serialise
    /// sleep- or network-bound stages that BuildKit overlaps.
    /// </summary>
    public int Jobs { get; init; } = DefaultJobs;

    public static int DefaultJobs => 2 * Environment.ProcessorCount;

    /// <summary><c>--secret</c>: what <c>RUN --mount=type=secret</c> may mount, by id.</summary>
    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];

    /// <summary>
    /// With SOURCE_DATE_EPOCH, clamp the mtime of every file in the layers this build writes to at most the epoch
    /// (BuildKit's <c>rewrite-timestamp</c>; on by default in Hoist, <c>-o type=image,rewrite-timestamp=false</c>
    /// turns it off). Base layers are never rewritten.
    /// </summary>
    public bool RewriteTimestamps { get; init; } = true;

    /// <summary>Layer compression, media types and annotations of the image (buildx's output options).</summary>
    public ImageExportFormat Format { get; init; } = ImageExportFormat.Default;

    /// <summary><c>--ssh</c>: agent sockets <c>RUN --mount=type=ssh</c> may mount, by id.</summary>
    public IReadOnlyList<SshAgentSocket> SshAgents { get; init; } = [];
}
