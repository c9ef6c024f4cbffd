namespace Hoist.Analysis.Diff;

/// <summary>How a path differs between two layers.</summary>
public enum FileChange
{
    Added,
    Removed,
    Changed,
}
