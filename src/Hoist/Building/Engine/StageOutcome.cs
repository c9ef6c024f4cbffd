using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// A built stage: its image, the variables after its last instruction, and the build args a RUN of a stage built on
/// it would still see and list in its history (name → value, null for an ARG without any value).
/// </summary>
internal sealed record StageOutcome(StageImage Image, StageScope Scope, IReadOnlyList<KeyValuePair<string, string?>> RunArgs);
