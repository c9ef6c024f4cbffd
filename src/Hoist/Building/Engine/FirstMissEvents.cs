namespace Hoist.Building.Engine;

/// <summary>
/// Passes a build's events on, and calls <c>onFirstMiss</c> once, when the first step misses the cache: the moment a
/// build is known to make something new (the build summary then starts work that a build of cache hits never needs).
/// </summary>
internal sealed class FirstMissEvents(IBuildEvents inner, Action onFirstMiss) : IBuildEvents
{
    private int _missed;

    public void StepMissed(BuildStep step, string reason)
    {
        if (Interlocked.Exchange(ref _missed, 1) == 0) onFirstMiss();
        inner.StepMissed(step, reason);
    }

    public void StepStarted(BuildStep step) => inner.StepStarted(step);

    public void StepsPlanned(int count) => inner.StepsPlanned(count);

    public void StepOutput(BuildStep step, string line) => inner.StepOutput(step, line);

    public void StepStatus(BuildStep step, string status) => inner.StepStatus(step, status);

    public void StepCompleted(BuildStep step, TimeSpan elapsed) => inner.StepCompleted(step, elapsed);

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error) => inner.StepFailed(step, elapsed, error);

    public void StepCached(BuildStep step) => inner.StepCached(step);

    public void PhaseCompleted(BuildPhase phase) => inner.PhaseCompleted(phase);

    public void Warning(string message) => inner.Warning(message);
}
