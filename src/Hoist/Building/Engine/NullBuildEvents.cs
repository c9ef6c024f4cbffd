namespace Hoist.Building.Engine;

/// <summary>Discards every event.</summary>
public sealed class NullBuildEvents : IBuildEvents
{
    public static NullBuildEvents Instance { get; } = new();

    public void StepStarted(BuildStep step) { }

    public void StepOutput(BuildStep step, string line) { }

    public void StepCompleted(BuildStep step, TimeSpan elapsed) { }

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error) { }
}
