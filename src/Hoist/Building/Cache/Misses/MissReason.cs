using Hoist.Building.Copy;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// Why a step missed the cache, relative to the last build of the same step: <c>--no-cache</c>, <c>first build</c>,
/// then what differs between that build's <see cref="StepRecord"/> and this one's — the instruction, its inputs (build
/// args and env by name, never by value), the files it reads (named), and last its parent: the stage's base for its
/// first step (<c>base image changed (…@sha256:1234… → …@sha256:5678…)</c>), else the step before it
/// (<c>parent step #5 changed</c>). Pure: the records and this build's file entries in, one line out.
/// </summary>
public static class MissReason
{
    /// <param name="previous">The record of the step's last build; null when there is none.</param>
    /// <param name="current">This build's record of the step.</param>
    /// <param name="files">The entries this build's key read (a record keeps only a bounded summary).</param>
    /// <param name="parentStep">The number of the step before it in its stage; null for the stage's first step.</param>
    /// <param name="bypass"><c>--no-cache</c> or <c>--no-cache-filter NAME</c> when the cache was not consulted.</param>
    /// <param name="absent">Why there is no previous record (<see cref="StepLineup.Place"/>): <c>first build</c> by default.</param>
    public static string Explain(StepRecord? previous, StepRecord current, IReadOnlyCollection<CopyEntryFingerprint> files, int? parentStep,
        string? bypass = null, string absent = "first build")
    {
        if (bypass is not null) return bypass;
        if (previous is null) return absent;
        if (previous.Key == current.Key) return "its cache entry is gone (pruned)";
        var reasons = new List<string>();
        if (previous.Instruction != current.Instruction) reasons.Add("instruction changed");
        var changed = FileSummary.Compare(previous.Files, files).Render();
        // A COPY --from whose selection is known names its changed files rather than the stage they come from.
        var copy = current.Inputs.ContainsKey("sources");
        reasons.AddRange(Inputs(previous.Inputs, current.Inputs).Where(r => changed is null || !copy || !IsSourceChange(r)));
        if (changed is not null) reasons.Add(changed);
        if (previous.Parent != current.Parent) reasons.Add(Parent(previous, current, parentStep));
        return reasons.Count == 0 ? "inputs changed" : string.Join(", ", reasons);
    }

    private static IEnumerable<string> Inputs(IReadOnlyDictionary<string, string> previous, IReadOnlyDictionary<string, string> current)
    {
        foreach (var (label, value) in current.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (!previous.TryGetValue(label, out var old)) yield return $"{label} added";
            else if (old != value) yield return $"{label} changed";
        }
        foreach (var label in previous.Keys.Where(l => !current.ContainsKey(l)).Order(StringComparer.Ordinal)) yield return $"{label} removed";
    }

    private static bool IsSourceChange(string reason) =>
        (reason.StartsWith("stage ", StringComparison.Ordinal) || reason.StartsWith("image ", StringComparison.Ordinal))
        && reason.EndsWith(" changed", StringComparison.Ordinal);

    private static string Parent(StepRecord previous, StepRecord current, int? parentStep)
    {
        if (parentStep is { } step) return $"parent step #{step} changed";
        if (previous.Base == current.Base) return current.Base.StartsWith("stage ", StringComparison.Ordinal) ? $"{current.Base} changed" : "stage start changed";
        return current.Base.StartsWith("stage ", StringComparison.Ordinal) || previous.Base.StartsWith("stage ", StringComparison.Ordinal)
            ? $"base changed ({Short(previous.Base)} → {Short(current.Base)})"
            : $"base image changed ({Short(previous.Base)} → {Short(current.Base)})";
    }

    /// <summary><c>busybox:latest@sha256:0123456789ab</c>: twelve hex digits name a digest well enough to compare.</summary>
    private static string Short(string @base)
    {
        var at = @base.IndexOf("@sha256:", StringComparison.Ordinal);
        return at < 0 || @base.Length < at + 8 + 12 ? @base : @base[..(at + 8 + 12)];
    }
}
