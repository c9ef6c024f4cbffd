using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>
/// One instruction of a stage after dispatch: words expanded, references bound, the history text written and the
/// image config as it is after the step. The engine executes it; nothing in it needs the Dockerfile again.
/// </summary>
public abstract record DispatchStep
{
    /// <summary>The Dockerfile line (the FROM line for ONBUILD triggers).</summary>
    public required int Line { get; init; }

    /// <summary>The instruction as written: the progress title and part of a config step's key.</summary>
    public required string Text { get; init; }

    /// <summary>The history entry's <c>created_by</c> (for ONBUILD, the trigger text; it records no entry).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>The image config after this step.</summary>
    public required ContainerConfig Config { get; init; }

    /// <summary>The image author after this step (MAINTAINER).</summary>
    public string? Author { get; init; }
}
