using Hoist.Building.Engine;
using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>What one in-process build gave: its result, the image it stored, its events and the RUNs it started.</summary>
internal sealed record EngineBuild(BuildResult Result, ImageConfig Image, RecordedEvents Events, IReadOnlyList<ContainerRunRequest> Runs)
{
    public ContainerConfig Config => Image.Config ?? new ContainerConfig();

    public IReadOnlyList<string> History => [.. (Image.History ?? []).Select(h => h.CreatedBy ?? "")];

    public IReadOnlyList<string> Cached => Events.Titles("cached");

    public IReadOnlyList<string> Ran => Events.Titles("completed");

    /// <summary>Why the step whose title ends with <paramref name="text"/> missed the cache; null when it did not.</summary>
    public string? Miss(string text) =>
        Events.All.Where(e => e.Kind == "missed" && e.Step.Title.EndsWith(text, StringComparison.Ordinal)).Select(e => e.Text).SingleOrDefault();

    /// <summary>Every miss reported, as <c>#N reason</c>.</summary>
    public IReadOnlyList<string> Misses => [.. Events.All.Where(e => e.Kind == "missed").Select(e => $"#{e.Step.Id} {e.Text}")];
}
