namespace Hoist.Building.Engine;

/// <summary>A build step failed: which one, where in the Dockerfile, and the last lines the step printed.</summary>
public sealed class BuildStepException(BuildStep step, string fileName, string cause, IReadOnlyList<string> lastLines, Exception? inner = null)
    : HoistException($"{fileName}:{step.Line}: {step.Title}: {cause}", inner)
{
    public BuildStep Step { get; } = step;

    public string Cause { get; } = cause;

    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
