namespace Hoist.Checks;

/// <summary>BuildKit's util/suggest.Search: the first candidate within Levenshtein distance 2 (closer ones win); none on an exact match.</summary>
internal static class NameSuggestion
{
    public static string? Closest(string value, IEnumerable<string> candidates, bool caseSensitive = true)
    {
        var key = caseSensitive ? value : value.ToLowerInvariant();
        string? match = null;
        var best = 3;
        foreach (var candidate in candidates)
        {
            var option = caseSensitive ? candidate : candidate.ToLowerInvariant();
            if (option == key) return null;
            var distance = Levenshtein(key, option);
            if (distance < best)
            {
                match = candidate;
                best = distance;
            }
        }
        return match;
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
