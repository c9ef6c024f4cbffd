namespace Hoist.Dockerfile.Instructions;

/// <summary>ONBUILD: the trigger is stored in the image config as text and runs in the child's build.</summary>
public sealed record OnbuildInstruction : Instruction
{
    public required Instruction Trigger { get; init; }

    /// <summary>The trigger's text as it goes into the config's OnBuild list, e.g. <c>RUN echo hi</c>.</summary>
    public required string TriggerText { get; init; }
}
