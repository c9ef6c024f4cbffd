using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>Field-by-field comparison of a normalised Hoist result with BuildKit's expected.json, one readable line per difference.</summary>
public static class ConformanceComparison
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> Differences(JsonObject expected, JsonObject actual)
    {
        var differences = new List<string>();
        foreach (var key in new[] { "base", "platform" })
        {
            CompareObject(key, expected[key] as JsonObject, actual[key] as JsonObject, differences);
        }
        CompareObject("config", expected["config"] as JsonObject, actual["config"] as JsonObject, differences);
        CompareValue("layers", expected["layers"], actual["layers"], differences);
        CompareHistory(expected["history"]!.AsArray(), actual["history"]!.AsArray(), differences);
        CompareFiles(expected["files"]!.AsArray(), actual["files"]!.AsArray(), differences);
        var expectedDeleted = expected["deleted"]!.AsArray().Select(d => (string)d!).ToHashSet();
        var actualDeleted = actual["deleted"]!.AsArray().Select(d => (string)d!).ToHashSet();
        foreach (var path in expectedDeleted.Except(actualDeleted).Order(StringComparer.Ordinal)) differences.Add($"deleted {path}: BuildKit deletes it, Hoist keeps it");
        foreach (var path in actualDeleted.Except(expectedDeleted).Order(StringComparer.Ordinal)) differences.Add($"deleted {path}: Hoist deletes it, BuildKit keeps it");
        return differences;
    }

    public static string Show(JsonNode? node) => node is null ? "(absent)" : node.ToJsonString(Compact);

    private static void CompareValue(string label, JsonNode? expected, JsonNode? actual, List<string> differences)
    {
        if (!JsonNode.DeepEquals(expected, actual)) differences.Add($"{label}: expected {Show(expected)}, Hoist {Show(actual)}");
    }

    private static void CompareObject(string label, JsonObject? expected, JsonObject? actual, List<string> differences)
    {
        var keys = (expected?.Select(p => p.Key) ?? []).Union(actual?.Select(p => p.Key) ?? []).Distinct();
        foreach (var key in keys) CompareValue($"{label}.{key}", expected?[key], actual?[key], differences);
    }

    private static void CompareHistory(JsonArray expected, JsonArray actual, List<string> differences)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            CompareValue($"history[{i}]", e, a, differences);
        }
    }

    private static void CompareFiles(JsonArray expected, JsonArray actual, List<string> differences)
    {
        var expectedByPath = expected.ToDictionary(f => (string)f!["path"]!, f => f!.AsObject());
        var actualByPath = actual.ToDictionary(f => (string)f!["path"]!, f => f!.AsObject());
        foreach (var path in expectedByPath.Keys.Union(actualByPath.Keys).Order(StringComparer.Ordinal))
        {
            expectedByPath.TryGetValue(path, out var e);
            actualByPath.TryGetValue(path, out var a);
            if (a is null)
            {
                differences.Add($"files {path}: missing in Hoist's result, expected {Show(e)}");
                continue;
            }
            if (e is null)
            {
                differences.Add($"files {path}: not in BuildKit's result (unchanged from base or absent there), Hoist has {Show(a)}");
                continue;
            }
            foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Distinct())
            {
                // text is informative: sha256 is the authority, and a differing sha256 is shown with both texts.
                if (key == "text") continue;
                if (JsonNode.DeepEquals(e[key], a[key])) continue;
                var detail = key == "sha256" ? $" (text expected {Show(e["text"])}, Hoist {Show(a["text"])})" : "";
                differences.Add($"files {path}.{key}: expected {Show(e[key])}, Hoist {Show(a[key])}{detail}");
            }
        }
    }
}
