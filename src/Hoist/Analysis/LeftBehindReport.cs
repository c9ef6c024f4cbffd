namespace Hoist.Analysis;

/// <summary>What the build stages had that the final image does not: tools (<c>gcc 12</c>, <c>npm</c>), packages,
/// and the files (count and bytes) at paths the final image does not have.</summary>
public sealed record LeftBehindReport(IReadOnlyList<string> Tools, int Packages, int Files, long Bytes)
{
    /// <summary>"left behind: gcc 12, npm, 1,204 packages, 612MB", with sizes formatted by <paramref name="size"/>.</summary>
    public string Describe(Func<long, string> size)
    {
        var parts = Tools.ToList();
        if (Packages > 0) parts.Add(Packages.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + (Packages == 1 ? " package" : " packages"));
        parts.Add(size(Bytes));
        return "left behind: " + string.Join(", ", parts);
    }
}
