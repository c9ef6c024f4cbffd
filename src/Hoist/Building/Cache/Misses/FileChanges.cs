namespace Hoist.Building.Cache.Misses;

/// <summary>The files a step read that changed since its last build, rendered as <c>src/app.js changed</c>.</summary>
public sealed class FileChanges
{
    /// <summary>How many paths a reason names before <c>and N more</c>.</summary>
    public const int Shown = 3;

    public static readonly FileChanges None = new();

    /// <summary>Files differ but cannot be named (the previous record kept none, or too many).</summary>
    public static readonly FileChanges Unknown = new() { IsUnknown = true };

    public List<string> Changed { get; } = [];

    public List<string> Added { get; } = [];

    public List<string> Removed { get; } = [];

    /// <summary>Removed entries of a hashed summary: counted, not named.</summary>
    public int RemovedUnnamed { get; set; }

    public bool IsUnknown { get; private init; }

    public bool Any => IsUnknown || Changed.Count + Added.Count + Removed.Count + RemovedUnnamed > 0;

    /// <summary><c>a changed</c>, <c>a changed, b added, c removed and 4 more</c>, <c>3 files removed</c>; null when nothing changed.</summary>
    public string? Render()
    {
        if (!Any) return null;
        if (IsUnknown) return "files changed";
        var named = Changed.Select(p => $"{p} changed").Concat(Added.Select(p => $"{p} added")).Concat(Removed.Select(p => $"{p} removed")).ToList();
        if (named.Count == 0) return $"{RemovedUnnamed} file{(RemovedUnnamed == 1 ? "" : "s")} removed";
        var text = string.Join(", ", named.Take(Shown));
        var hidden = Math.Max(0, named.Count - Shown);
        if (hidden > 0) return $"{text} and {hidden + RemovedUnnamed} more";
        return RemovedUnnamed > 0 ? $"{text}, {RemovedUnnamed} file{(RemovedUnnamed == 1 ? "" : "s")} removed" : text;
    }
}
