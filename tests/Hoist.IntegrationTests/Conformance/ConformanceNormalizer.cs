using System.Text.Json.Nodes;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// Turns a built image into the expected.json shape of a successful case, as tests/conformance/normalize.py does:
/// the config fields a Dockerfile can set, history text, and the final filesystem compared with the base image's.
/// </summary>
public static class ConformanceNormalizer
{
    private static readonly string[] ConfigFields =
        ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "StopSignal", "Healthcheck", "OnBuild", "Shell", "ArgsEscaped"];

    private static readonly string[] SkipPrefixes = ["proc/", "sys/", "dev/"];

    /// <param name="candidates">Configs of the images the result may rest on, by reference; the base is the one with the
    /// most layers whose layers and history are both a prefix of the result's.</param>
    /// <param name="save">Exports a candidate, to read the base filesystem from.</param>
    public static JsonObject Normalize(ConformanceCase conformanceCase, SavedImage image, IReadOnlyDictionary<string, JsonObject> candidates,
        Func<string, SavedImage> save)
    {
        var baseReference = "scratch";
        var baseLayers = 0;
        var baseHistory = 0;
        var mine = image.HistoryKeys;
        foreach (var (reference, candidate) in candidates.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var diffIds = SavedImage.DiffIdsOf(candidate);
            var n = diffIds.Count;
            var history = SavedImage.HistoryKeysOf(candidate);
            if (n > 0 && n > baseLayers && image.DiffIds.Count >= n && image.DiffIds.Take(n).SequenceEqual(diffIds)
                && mine.Count >= history.Count && mine.Take(history.Count).SequenceEqual(history))
            {
                (baseReference, baseLayers, baseHistory) = (reference, n, history.Count);
            }
        }
        var baseImage = baseReference == "scratch" ? null : save(baseReference);
        var (files, deleted) = Diff(ImageFilesystem.Of(baseImage), ImageFilesystem.Of(image));
        var config = image.Config["config"] as JsonObject;
        var normalisedConfig = new JsonObject();
        foreach (var field in ConfigFields)
        {
            if (config?[field] is { } value) normalisedConfig[field] = value.DeepClone();
        }
        var platform = new JsonObject { ["architecture"] = image.Config["architecture"]?.DeepClone(), ["os"] = image.Config["os"]?.DeepClone() };
        if (image.Config["variant"] is { } variant && (string?)variant is { Length: > 0 }) platform["variant"] = variant.DeepClone();
        var history2 = new JsonArray();
        foreach (var (createdBy, empty, comment) in image.HistoryKeys)
        {
            var entry = new JsonObject { ["created_by"] = createdBy };
            if (empty) entry["empty_layer"] = true;
            if (comment.Length > 0) entry["comment"] = comment;
            history2.Add(entry);
        }
        return new JsonObject
        {
            ["case"] = conformanceCase.Name,
            ["buildArgs"] = new JsonArray(conformanceCase.BuildArgs.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["result"] = "success",
            ["base"] = new JsonObject { ["image"] = baseReference, ["layers"] = baseLayers, ["history"] = baseHistory },
            ["platform"] = platform,
            ["config"] = normalisedConfig,
            ["layers"] = image.DiffIds.Count,
            ["history"] = history2,
            ["files"] = files,
            ["deleted"] = deleted,
        };
    }

    private static (JsonArray Files, JsonArray Deleted) Diff(ImageFilesystem baseFs, ImageFilesystem finalFs)
    {
        var groups = Groups(finalFs);
        var baseGroups = Groups(baseFs);
        var files = new JsonArray();
        foreach (var path in finalFs.Paths.Keys.Order(StringComparer.Ordinal))
        {
            if (Skipped(path)) continue;
            var node = finalFs.Paths[path];
            if (baseFs.Paths.TryGetValue(path, out var before) && before.Signature == node.Signature
                && baseGroups[before].SequenceEqual(groups[node])) continue;
            files.Add(Describe(path, node, groups[node]));
        }
        var deleted = new JsonArray(baseFs.Paths.Keys.Where(p => !finalFs.Paths.ContainsKey(p) && !Skipped(p)).Order(StringComparer.Ordinal)
            .Select(p => (JsonNode?)JsonValue.Create("/" + p)).ToArray());
        return (files, deleted);
    }

    private static Dictionary<FileNode, List<string>> Groups(ImageFilesystem fs)
    {
        var groups = new Dictionary<FileNode, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var path in fs.Paths.Keys.Order(StringComparer.Ordinal))
        {
            var node = fs.Paths[path];
            if (!groups.TryGetValue(node, out var list)) groups[node] = list = [];
            list.Add(path);
        }
        return groups;
    }

    private static JsonObject Describe(string path, FileNode node, List<string> group)
    {
        var d = new JsonObject
        {
            ["path"] = "/" + path,
            ["type"] = node.Kind,
            ["mode"] = Convert.ToString(node.Mode, 8).PadLeft(4, '0'),
            ["uid"] = node.Uid,
            ["gid"] = node.Gid,
        };
        switch (node.Kind)
        {
            case "file":
                d["size"] = node.Size;
                d["sha256"] = node.Sha256;
                if (node.Text is not null) d["text"] = node.Text;
                if (group.Count > 1)
                {
                    d["links"] = new JsonArray(group.Select(p => (JsonNode?)JsonValue.Create("/" + p)).ToArray());
                    if (group[0] != path) d["hardLinkTo"] = "/" + group[0];
                }
                break;
            case "symlink":
                d["target"] = node.Target;
                break;
            case "char" or "block":
                d["major"] = node.Major;
                d["minor"] = node.Minor;
                break;
        }
        if (node.Xattrs.Count > 0)
        {
            var xattrs = new JsonObject();
            foreach (var (key, value) in node.Xattrs) xattrs[key] = value;
            d["xattrs"] = xattrs;
        }
        return d;
    }

    private static bool Skipped(string path) => SkipPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));
}
