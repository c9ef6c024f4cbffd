using Hoist.Planning;

namespace Hoist.Dispatch;

/// <summary>
/// A stage as the dispatcher walks it: the config state, the variables in scope, and the build args a RUN sees and
/// lists in its history (name → value, null for an ARG without any value). A stage built on another continues from
/// that stage's final state.
/// </summary>
public sealed record DispatchState
{
    public required ConfigState ConfigState { get; init; }

    public required StageScope Scope { get; init; }

    public IReadOnlyList<KeyValuePair<string, string?>> RunArgs { get; init; } = [];
}
