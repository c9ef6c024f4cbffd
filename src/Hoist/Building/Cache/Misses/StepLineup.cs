using System.Security.Cryptography;
using System.Text;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// Which step of a stage's last build a step is: steps are matched by their instruction text (the nth occurrence of the
/// same text in the stage), not by position, so inserting a step leaves the steps after it matched with themselves and
/// explained by their own inputs (their parent changed), and the inserted one reads as such. A step without a match
/// took the place of the steps of the last build between the same matched neighbours that this build no longer has:
/// it is compared with the first of them (its instruction changed); without any it is new.
/// </summary>
public static class StepLineup
{
    /// <summary>The identities of a stage's layer steps, in order: a hash of the text and its occurrence number.</summary>
    public static IReadOnlyList<string> Identities(IEnumerable<string> instructionTexts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. instructionTexts.Select(text =>
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
            seen[hash] = seen.TryGetValue(hash, out var count) ? count + 1 : 0;
            return $"{hash}.{seen[hash]}";
        })];
    }

    /// <summary>For the step at <paramref name="index"/> of <paramref name="current"/>, which had no match in
    /// <paramref name="previous"/> (the last build's identities; null when unknown): the identity of the step it replaced,
    /// or why there is none (<c>first build</c>, <c>step inserted</c>, <c>step added</c> at the end).</summary>
    public static (string? Replaced, string Reason) Place(IReadOnlyList<string>? previous, IReadOnlyList<string> current, int index)
    {
        if (previous is null) return (null, "first build");
        var before = Enumerable.Range(0, index).Reverse().Select(i => previous.IndexOf(current[i])).FirstOrDefault(p => p >= 0, -1);
        var after = Enumerable.Range(index + 1, current.Count - index - 1).Select(i => previous.IndexOf(current[i])).FirstOrDefault(p => p >= 0, -1);
        var end = after > before ? after : previous.Count;
        var replaced = previous.Skip(before + 1).Take(Math.Max(0, end - before - 1)).FirstOrDefault(id => !current.Contains(id));
        if (replaced is not null) return (replaced, "instruction changed");
        return (null, after > before ? "step inserted" : "step added");
    }

    private static int IndexOf(this IReadOnlyList<string> list, string id)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == id) return i;
        }
        return -1;
    }
}
