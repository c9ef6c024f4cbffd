namespace Hoist.Building.Engine;

/// <summary>What a build reports as it goes; the CLI renders it (plain, quiet, ...). Called from several threads.</summary>
public interface IBuildEvents
{
    void StepStarted(BuildStep step);

    void StepOutput(BuildStep step, string line);

    /// <summary>A status line of the step's own work (a FROM's <c>resolve …</c>, <c>sha256:… done</c>), which BuildKit's
    /// plain progress prints without a timestamp; renderers that do not tell them apart show it as output.</summary>
    void StepStatus(BuildStep step, string status) => StepOutput(step, status);

    void StepCompleted(BuildStep step, TimeSpan elapsed);

    void StepFailed(BuildStep step, TimeSpan elapsed, string error);

    /// <summary>The step's result came from the build cache (BuildKit prints <c>#N CACHED</c>).</summary>
    void StepCached(BuildStep step) => StepCompleted(step, TimeSpan.Zero);

    /// <summary>Something the user should know that does not stop the build (docker prints <c>WARNING: …</c>).</summary>
    void Warning(string message)
    {
    }
}
