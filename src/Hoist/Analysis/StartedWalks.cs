namespace Hoist.Analysis;

/// <summary>The walks a report may continue (see <see cref="StartedWalk"/>): each handed out once, the longest that an
/// image begins with first.</summary>
public sealed class StartedWalks
{
    private readonly List<StartedWalk> _walks;

    public StartedWalks(IEnumerable<StartedWalk> walks) => _walks = [.. walks];

    public static StartedWalks None { get; } = new([]);

    /// <summary>The longest walk <paramref name="image"/> begins with, no longer offered; null when none fits.</summary>
    public StartedWalk? Take(AnalysisImage image)
    {
        lock (_walks)
        {
            var best = _walks.Where(w => w.Begins(image)).MaxBy(w => w.Layers.Count);
            if (best is not null) _walks.Remove(best);
            return best;
        }
    }
}
