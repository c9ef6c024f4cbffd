using Hoist.Dockerfile.Instructions;
using Hoist.Oci;

namespace Hoist.Planning;

/// <summary>
/// One stage of a Dockerfile with its base, platform and references resolved. Scope-derived facts
/// (<see cref="Args"/>, <see cref="Secrets"/>, <see cref="CacheMounts"/>, <see cref="FinalScope"/>) are computed for
/// the stages the target needs only, as BuildKit never evaluates the others; they are empty for pruned stages.
/// </summary>
public sealed record PlannedStage
{
    /// <summary>0-based position among the FROM lines; what <c>COPY --from=N</c> refers to.</summary>
    public required int Index { get; init; }

    /// <summary>From a <c># name description</c> comment above its FROM.</summary>
    public string? Description { get; init; }

    /// <summary>The <c>AS</c> name as written, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The name if there is one, else <c>stage-N</c> as BuildKit calls unnamed stages.</summary>
    public string DisplayName => Name ?? $"stage-{Index}";

    public required FromInstruction From { get; init; }

    /// <summary>The base name after expanding global ARGs, e.g. <c>golang:1.22</c>, <c>build</c> or <c>scratch</c>.</summary>
    public required string BaseName { get; init; }

    public required StageBaseKind BaseKind { get; init; }

    /// <summary>The directory or git context the stage starts from when <see cref="BaseKind"/> is
    /// <see cref="StageBaseKind.Context"/>.</summary>
    public NamedContext? BaseContext { get; init; }

    /// <summary>Index of the base stage when <see cref="BaseKind"/> is <see cref="StageBaseKind.Stage"/>.</summary>
    public int? BaseStageIndex { get; init; }

    /// <summary>
    /// The platform the stage builds for: inherited from a base stage, else FROM --platform, else the target platform.
    /// </summary>
    public required Platform Platform { get; init; }

    /// <summary>The stage's instructions after FROM, in order (ONBUILD triggers of a base stage not included).</summary>
    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>Triggers of the base stage's ONBUILD instructions; they run before <see cref="Instructions"/>.</summary>
    public IReadOnlyList<Instruction> InheritedTriggers { get; init; } = [];

    /// <summary>True when a step of the stage reads its base's files (RUN, COPY, ADD, WORKDIR; its own or a base stage's
    /// ONBUILD trigger): a base image is then unpacked, so a build may as well do that while pulling it.</summary>
    public bool ReadsBaseFiles => Instructions.Concat(InheritedTriggers)
        .Any(i => i is RunInstruction or CopyInstruction or AddInstruction or WorkdirInstruction);

    /// <summary>Stages this one needs, in the order the references appear (base first).</summary>
    public IReadOnlyList<StageDependency> Dependencies { get; init; } = [];

    public IReadOnlyList<ExternalImageReference> ExternalImages { get; init; } = [];

    /// <summary>ARGs declared in this stage (including inherited ONBUILD triggers), in order.</summary>
    public IReadOnlyList<ResolvedArg> Args { get; init; } = [];

    public IReadOnlyList<SecretReference> Secrets { get; init; } = [];

    public IReadOnlyList<CacheMountReference> CacheMounts { get; init; } = [];

    /// <summary>The variables after the last instruction; null for stages the target does not need.</summary>
    public StageScope? FinalScope { get; init; }
}
