namespace Hoist.Dockerfile.Instructions;

/// <summary>"did you mean …?" for a mistyped flag, mount key or value, as BuildKit's util/suggest offers.</summary>
internal static class Suggestion
{
    /// <summary>
    /// The closest candidate under an edit distance of 3 (BuildKit's limit), formatted as <c> (did you mean X?)</c>, or
    /// empty. A flag is suggested by its name without dashes, as BuildKit words it.
    /// </summary>
    public static string For(string value, IEnumerable<string> candidates)
    {
        var lower = value.ToLowerInvariant();
        var best = candidates
            .Select(c => (Candidate: c, Distance: EditDistance(lower, c)))
            .Where(x => x.Distance is > 0 and < MaxDistance)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean {best.Candidate}?)";
    }

    private const int MaxDistance = 3;

    /// <summary>Optimal string alignment distance: Levenshtein plus swaps of adjacent letters (form → from is 1).</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
