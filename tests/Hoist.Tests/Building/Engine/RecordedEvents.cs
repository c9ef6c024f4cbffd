using System.Collections.Concurrent;
using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

/// <summary>Every build event as data, in arrival order.</summary>
internal sealed class RecordedEvents : IBuildEvents
{
    public ConcurrentQueue<(string Kind, BuildStep Step, string Text)> All { get; } = new();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public void StepStarted(BuildStep step) => All.Enqueue(("started", step, ""));

    /// <summary>Recorded in order with the steps, under a step of id 0.</summary>
    public void StepsPlanned(int count) => All.Enqueue(("planned", new BuildStep(0, "", "", 0), count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void StepOutput(BuildStep step, string line) => All.Enqueue(("output", step, line));

    public void StepCompleted(BuildStep step, TimeSpan elapsed) => All.Enqueue(("completed", step, ""));

    public void StepFailed(BuildStep step, TimeSpan elapsed, string error) => All.Enqueue(("failed", step, error));

    public void StepCached(BuildStep step) => All.Enqueue(("cached", step, ""));

    public void StepMissed(BuildStep step, string reason) => All.Enqueue(("missed", step, reason));

    public void Warning(string message) => Warnings.Enqueue(message);

    public ConcurrentQueue<BuildPhase> Phases { get; } = new();

    public void PhaseCompleted(BuildPhase phase) => Phases.Enqueue(phase);

    /// <summary>The phases reported for the step whose title ends with <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> PhasesOf(string text) =>
        [.. Phases.Where(p => p.Step?.Title.EndsWith(text, StringComparison.Ordinal) == true).Select(p => p.Name)];

    /// <summary>Titles of the steps with an event of <paramref name="kind"/>, in order.</summary>
    public IReadOnlyList<string> Titles(string kind) => [.. All.Where(e => e.Kind == kind).Select(e => e.Step.Title)];

    /// <summary>The output lines of the step whose title ends with <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Output(string text) =>
        [.. All.Where(e => e.Kind == "output" && e.Step.Title.EndsWith(text, StringComparison.Ordinal)).Select(e => e.Text)];
}
