namespace Hoist.Planning;

/// <summary>What a stage starts from.</summary>
public enum StageBaseKind
{
    /// <summary>An image to pull or find in the store.</summary>
    Image,

    /// <summary>An earlier stage of the same Dockerfile.</summary>
    Stage,

    /// <summary><c>FROM scratch</c>: an empty filesystem.</summary>
    Scratch,

    /// <summary>A <c>--build-context</c> directory or git repository (<see cref="PlannedStage.BaseContext"/>): the stage
    /// starts from its files on an empty filesystem, as BuildKit makes a stage of a local or git source.</summary>
    Context,
}
