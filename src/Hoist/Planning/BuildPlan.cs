using Hoist.Oci;

namespace Hoist.Planning;

/// <summary>The stages of a Dockerfile, the target, and the stages the target needs in the order to build them.</summary>
public sealed record BuildPlan
{
    public required string FileName { get; init; }

    /// <summary>The frontend a <c># syntax=</c> directive asks for (<c>docker/dockerfile:1.7</c>); null without one. It
    /// is never fetched: Hoist's built-in frontend reads every Dockerfile, which <see cref="SyntaxNote"/> says.</summary>
    public string? Syntax { get; init; }

    /// <summary>The one-line note a build and <c>hoist outline</c> print when the Dockerfile names a frontend.</summary>
    public string? SyntaxNote => Syntax is null ? null : $"syntax {Syntax} requested; using Hoist's built-in frontend";

    /// <summary>Every stage, in the order the FROM lines appear.</summary>
    public required IReadOnlyList<PlannedStage> Stages { get; init; }

    public required PlannedStage Target { get; init; }

    /// <summary>
    /// The stages the target needs, dependencies first, ending with the target. Stages only ever refer to earlier
    /// stages, so this is declaration order with the unneeded stages left out: stable and deterministic.
    /// </summary>
    public required IReadOnlyList<PlannedStage> BuildOrder { get; init; }

    /// <summary>ARGs before the first FROM, resolved (usable in FROM lines only, unless a stage redeclares them).</summary>
    public required IReadOnlyList<ResolvedArg> GlobalArgs { get; init; }

    /// <summary>Everything FROM lines can expand: predefined platform args and the global ARGs that have values.</summary>
    public required IReadOnlyDictionary<string, string> GlobalScope { get; init; }

    /// <summary>The resolved <c>--build-arg</c> values.</summary>
    public required IReadOnlyDictionary<string, string> BuildArgs { get; init; }

    /// <summary>SOURCE_DATE_EPOCH in seconds (see <see cref="Planning.SourceDateEpoch"/>); null when none is given.</summary>
    public long? SourceDateEpoch { get; init; }

    public SourceDateEpochOrigin SourceDateEpochOrigin { get; init; }

    /// <summary>
    /// Build args no ARG of the built stages declares (sorted); docker warns about them. Predefined platform and proxy
    /// args are never listed.
    /// </summary>
    public required IReadOnlyList<string> UnusedBuildArgs { get; init; }

    public required Platform BuildPlatform { get; init; }

    public required Platform TargetPlatform { get; init; }

    /// <summary>True when the build named its target platform (<c>--platform</c>); the image then declares it (see
    /// BuildKit's dockerfile2llb: only an implicit target keeps the final stage's own platform).</summary>
    public bool ExplicitTargetPlatform { get; init; }

    /// <summary>The Dockerfile's escape character (<c># escape=</c>), which the build engine expands words with.</summary>
    public char EscapeChar { get; init; } = '\\';

    /// <summary>The <c>--build-context</c> values the plan was made with; dispatch binds <c>--from</c> names to them.</summary>
    public IReadOnlyDictionary<string, NamedContext> NamedContexts { get; init; } = new Dictionary<string, NamedContext>();

    /// <summary>True when the stage at <paramref name="index"/> is part of <see cref="BuildOrder"/>.</summary>
    public bool IsBuilt(int index) => BuildOrder.Any(stage => stage.Index == index);
}
