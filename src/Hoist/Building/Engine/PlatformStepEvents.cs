using System.Globalization;
using System.Text.RegularExpressions;

namespace Hoist.Building.Engine;

/// <summary>
/// The events of one platform's build within a multi-platform build: steps numbered after the platforms built before
/// it and titled as BuildKit titles them (<c>[linux/arm64 build 2/3] RUN make</c>), so the progress reads as one build.
/// A null <paramref name="platform"/> only renumbers (the later targets of <c>--target a --target b</c>).
/// </summary>
internal sealed partial class PlatformStepEvents(IBuildEvents inner, string? platform, int stepsBefore) : IBuildEvents
{
    public void StepStarted(BuildStep step) => inner.StepStarted(Map(step));

    public void StepsPlanned(int count) => inner.StepsPlanned(count);

    public void StepOutput(BuildStep step, string line) => inner.StepOutput(Map(step), line);

    public void StepStatus(BuildStep step, string status) => inner.StepStatus(Map(step), status);

    public void StepCompleted(BuildStep step, TimeSpan elapsed) => inner.StepCompleted(Map(step), elapsed);

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error) => inner.StepFailed(Map(step), elapsed, error);

    public void StepCached(BuildStep step) => inner.StepCached(Map(step));

    /// <summary>A reason naming the step before (<c>parent step #3 changed</c>) names it by this platform's number too.</summary>
    public void StepMissed(BuildStep step, string reason) =>
        inner.StepMissed(Map(step), ParentStep().Replace(reason, m => $"parent step #{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + stepsBefore} "));

    [GeneratedRegex(@"parent step #(\d+) ")]
    private static partial Regex ParentStep();

    public void PhaseCompleted(BuildPhase phase) => inner.PhaseCompleted(phase with { Step = phase.Step is { } step ? Map(step) : null });

    public void Warning(string message) => inner.Warning(message);

    /// <summary>The step as this platform's: a fresh record each time, equal for the same step (renderers key on it).</summary>
    public BuildStep Map(BuildStep step) => step with
    {
        Id = step.Id + stepsBefore,
        Title = platform is null ? step.Title : step.Title.StartsWith('[') ? $"[{platform} {step.Title[1..]}" : $"[{platform}] {step.Title}",
    };
}
