namespace Hoist.Building.Engine;

/// <summary>What a build reports as it goes; the CLI renders it (plain, quiet, ...). Called from several threads.</summary>
public interface IBuildEvents
{
    void StepStarted(BuildStep step);

    /// <summary><paramref name="count"/> more steps are known to come (a plan's, before its first step starts; the
    /// exports'), so a view can show the total from the start, as BuildKit's does.</summary>
    void StepsPlanned(int count)
    {
    }

    void StepOutput(BuildStep step, string line);

    /// <summary>A status line of the step's own work (a FROM's <c>resolve …</c>, <c>sha256:… done</c>), which BuildKit's
    /// plain progress prints without a timestamp; renderers that do not tell them apart show it as output.</summary>
    void StepStatus(BuildStep step, string status) => StepOutput(step, status);

    void StepCompleted(BuildStep step, TimeSpan elapsed);

    void StepFailed(BuildStep step, TimeSpan elapsed, string error);

    /// <summary>The step's result came from the build cache (BuildKit prints <c>#N CACHED</c>).</summary>
    void StepCached(BuildStep step) => StepCompleted(step, TimeSpan.Zero);

    /// <summary>The step missed the cache and is about to run; <paramref name="reason"/> says why, relative to the last
    /// build of the same step (<c>src/app.js changed</c>, <c>build arg V changed</c>, <c>first build</c>…).</summary>
    void StepMissed(BuildStep step, string reason)
    {
    }

    /// <summary>A timed part of the build ended (see <see cref="BuildPhases"/>).</summary>
    void PhaseCompleted(BuildPhase phase)
    {
    }

    /// <summary>Something the user should know that does not stop the build (docker prints <c>WARNING: …</c>).</summary>
    void Warning(string message)
    {
    }
}
