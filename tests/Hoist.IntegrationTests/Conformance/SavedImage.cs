using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// An image as `hoist save --format docker` writes it (manifest.json, config, layer tars), extracted to a temp
/// directory: the same input normalize.py reads from `docker save`.
/// </summary>
public sealed class SavedImage : IDisposable
{
    private readonly string _directory;
    private readonly IReadOnlyList<string> _layerPaths;

    public SavedImage(string archivePath)
    {
        _directory = Directory.CreateTempSubdirectory("hoist-conformance-saved-").FullName;
        TarFile.ExtractToDirectory(archivePath, _directory, overwriteFiles: false);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "manifest.json")))!.AsArray();
        if (manifest.Count != 1) throw new InvalidOperationException($"{archivePath}: expected one image, found {manifest.Count}");
        Config = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, (string)manifest[0]!["Config"]!)))!.AsObject();
        _layerPaths = manifest[0]!["Layers"]!.AsArray().Select(l => Path.Combine(_directory, (string)l!)).ToList();
    }

    public JsonObject Config { get; }

    public IReadOnlyList<string> DiffIds => DiffIdsOf(Config);

    public IReadOnlyList<(string CreatedBy, bool Empty, string Comment)> HistoryKeys => HistoryKeysOf(Config);

    public static IReadOnlyList<string> DiffIdsOf(JsonObject config) =>
        config["rootfs"]?["diff_ids"]?.AsArray().Select(d => (string)d!).ToList() ?? [];

    /// <summary>History entries reduced to what identifies them (created_by, empty_layer, comment), as normalize.py's history_key.</summary>
    public static IReadOnlyList<(string CreatedBy, bool Empty, string Comment)> HistoryKeysOf(JsonObject config) =>
        (config["history"]?.AsArray() ?? []).Select(h => ((string?)h!["created_by"] ?? "", (bool?)h["empty_layer"] ?? false, (string?)h["comment"] ?? "")).ToList();

    /// <summary>Opens each layer as an uncompressed tar stream, in order.</summary>
    public IEnumerable<Stream> OpenLayers()
    {
        foreach (var path in _layerPaths)
        {
            var file = File.OpenRead(path);
            var magic = new byte[4];
            var read = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            file.Position = 0;
            if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) yield return new GZipStream(file, CompressionMode.Decompress);
            else if (read == 4 && magic is [0x28, 0xb5, 0x2f, 0xfd]) throw new NotSupportedException($"{path}: zstd layers are not read by the conformance check");
            else yield return file;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
