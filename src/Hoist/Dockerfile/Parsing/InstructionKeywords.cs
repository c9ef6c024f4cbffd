namespace Hoist.Dockerfile.Parsing;

/// <summary>The instruction keywords a Dockerfile may use, and the "did you mean" hint for a misspelt one.</summary>
internal static class InstructionKeywords
{
    // Order matters only for ties in the suggestion; it is fixed so the hint is deterministic.
    private static readonly string[] All =
    [
        "from", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint",
        "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell",
    ];

    /// <summary>The error text for an unknown keyword (<c>unknown instruction "X"</c>: the project's quoted form, where BuildKit writes <c>unknown instruction: X</c>), with the nearest known one when it is close (edit distance under 3, as BuildKit does).</summary>
    public static string UnknownMessage(string keyword)
    {
        var suggestion = Suggest(keyword);
        return suggestion is null
            ? $"unknown instruction \"{keyword}\""
            : $"unknown instruction \"{keyword}\" (did you mean {suggestion}?)";
    }

    private static string? Suggest(string keyword)
    {
        var lower = keyword.ToLowerInvariant();
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in All)
        {
            var distance = BoundedDistance(lower, candidate, bestDistance);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        // Answer in the user's casing when it was uniform; mixed case gets lower case, like BuildKit.
        return keyword == keyword.ToUpperInvariant() && keyword != lower ? best.ToUpperInvariant() : best;
    }

    /// <summary>Levenshtein distance, or <paramref name="limit"/> when it is at least that (keeps huge words cheap).</summary>
    private static int BoundedDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit)
        {
            return limit;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return Math.Min(previous[b.Length], limit);
    }
}
