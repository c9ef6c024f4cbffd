using System.Text.Json.Nodes;

namespace Hoist.Analysis.Diff;

/// <summary>
/// The fields two JSON documents disagree on, as paths (<c>config.Env[1]</c>, <c>history[3].created</c>): objects
/// compared key by key, arrays position by position, anything else by its JSON text. Keys in <c>skip</c> at the top
/// level are left out (the layer list, which the layer comparison explains better).
/// </summary>
public static class JsonTreeDiff
{
    public static IReadOnlyList<FieldDifference> Compare(byte[] a, byte[] b, params string[] skip)
    {
        var differences = new List<FieldDifference>();
        var left = JsonNode.Parse(a) as JsonObject ?? [];
        var right = JsonNode.Parse(b) as JsonObject ?? [];
        foreach (var name in skip)
        {
            left.Remove(name);
            right.Remove(name);
        }
        Compare("", left, right, differences);
        return differences;
    }

    private static void Compare(string path, JsonNode? a, JsonNode? b, List<FieldDifference> differences)
    {
        switch (a, b)
        {
            case (JsonObject left, JsonObject right):
                foreach (var key in left.Select(p => p.Key).Union(right.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Compare(path.Length == 0 ? key : $"{path}.{key}", Child(left, key), Child(right, key), differences);
                }
                break;
            case (JsonArray left, JsonArray right):
                for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
                {
                    Compare($"{path}[{i}]", i < left.Count ? left[i] : Missing, i < right.Count ? right[i] : Missing, differences);
                }
                break;
            default:
                var textA = Text(a);
                var textB = Text(b);
                if (textA != textB) differences.Add(new FieldDifference(path, textA, textB));
                break;
        }
    }

    /// <summary>Stands for "no such key or element", which differs from an explicit JSON null.</summary>
    private static readonly JsonNode Missing = JsonValue.Create("\u0000missing")!;

    private static JsonNode? Child(JsonObject node, string key) => node.TryGetPropertyValue(key, out var value) ? value : Missing;

    private static string? Text(JsonNode? node) =>
        ReferenceEquals(node, Missing) ? null : node is null ? "null" : node.ToJsonString();
}
