namespace Hoist.Dockerfile.Instructions;

/// <summary>"did you mean …?" for a mistyped flag, mount key or value, as BuildKit's util/suggest offers.</summary>
internal static class Suggestion
{
    /// <summary>The closest candidate within a small edit distance, formatted as <c> (did you mean X?)</c>, or empty.</summary>
    public static string For(string value, IEnumerable<string> candidates, string prefix = "")
    {
        var lower = value.ToLowerInvariant();
        var best = candidates
            .Select(c => (Candidate: c, Distance: EditDistance(lower, c)))
            .Where(x => x.Distance > 0 && x.Distance <= Math.Max(1, x.Candidate.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean {prefix}{best.Candidate}?)";
    }

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
