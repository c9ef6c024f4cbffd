using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// The build cache index in the state directory: one small file per key, <c>cache/entries/&lt;2 hex&gt;/&lt;key hex&gt;</c>,
/// written to a temp file and renamed into place, ending in a sha256 of its own text. A file a SIGKILL or power cut
/// tore, or any garbage, fails the check and reads as a miss (the step runs and rewrites it). Two builds writing the
/// same key each rename a complete file, so either wins. The file's mtime records the last use.
/// </summary>
public sealed class CacheIndex(string stateDirectory)
{
    private const string Header = "hoist-cache-entry v1";

    public string Directory { get; } = Path.Combine(stateDirectory, "cache", "entries");

    public string PathOf(Digest key) => Path.Combine(Directory, key.Hex[..2], key.Hex);

    /// <summary>The entry for <paramref name="key"/>, or null (missing, torn, corrupt, or for another key).</summary>
    public CacheEntry? TryGet(Digest key)
    {
        var path = PathOf(key);
        string text;
        DateTime modified;
        try
        {
            text = File.ReadAllText(path);
            modified = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var entry = Parse(text);
        return entry is not null && entry.Key == key ? entry with { LastUsed = new DateTimeOffset(modified, TimeSpan.Zero) } : null;
    }

    /// <summary>Marks an entry used now (pruning by age and size drops the least recently used first).</summary>
    public void Touch(Digest key)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(key), DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Put(CacheEntry entry)
    {
        // Not fsynced: an entry whose rename outlived its bytes in a crash fails its own sha256 and reads as a miss
        // (the step runs again); two fsyncs per recorded step cost a 40-step rebuild 0.15 s on a busy disk.
        AtomicFile.WriteAllBytes(PathOf(entry.Key), Encoding.UTF8.GetBytes(Format(entry)), new AtomicWriteOptions { CreateParent = true });
    }

    public bool Remove(Digest key)
    {
        try
        {
            var path = PathOf(key);
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every valid entry. Unreadable files are skipped; temp files left by a killed writer are deleted once
    /// they are old enough not to belong to a live one.</summary>
    public IEnumerable<CacheEntry> Enumerate()
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        foreach (var shard in new DirectoryInfo(Directory).EnumerateDirectories())
        {
            foreach (var file in shard.EnumerateFiles())
            {
                if (file.Name.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    if (DateTime.UtcNow - file.LastWriteTimeUtc > TimeSpan.FromMinutes(10)) TryDelete(file);
                    continue;
                }
                if (!Digest.TryParse("sha256:" + file.Name, out var key)) continue;
                if (TryGet(key) is { } entry) yield return entry;
            }
        }
    }

    /// <summary>Removes files that are not valid entries (torn writes, garbage); returns how many.</summary>
    public int RemoveInvalid()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var removed = 0;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (file.Name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            if (Digest.TryParse("sha256:" + file.Name, out var key) && TryGet(key) is not null) continue;
            if (TryDelete(file)) removed++;
        }
        return removed;
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    internal static string Format(CacheEntry entry)
    {
        var body = new StringBuilder();
        body.Append(Header).Append('\n');
        body.Append("key ").Append(entry.Key.ToString()).Append('\n');
        body.Append("created ").Append(entry.Created.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (entry.Layer is { } layer)
        {
            body.Append(CultureInfo.InvariantCulture, $"layer {layer.Blob.MediaType} {layer.Blob.Digest} {layer.Blob.Size} {layer.DiffId}\n");
            if (!entry.Windows.IsEmpty) body.Append("windows ").Append(entry.Windows.ToString()).Append('\n');
        }
        var text = body.ToString();
        return text + "sum " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))) + "\n";
    }

    internal static CacheEntry? Parse(string text)
    {
        var sum = text.LastIndexOf("sum ", StringComparison.Ordinal);
        if (sum < 0 || !text.EndsWith('\n')) return null;
        var body = text[..sum];
        var expected = text[(sum + 4)..^1];
        if (expected != Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))) return null;
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 3 || lines[0] != Header) return null;
        if (!lines[1].StartsWith("key ", StringComparison.Ordinal) || !Digest.TryParse(lines[1][4..], out var key)) return null;
        if (!lines[2].StartsWith("created ", StringComparison.Ordinal)
            || !long.TryParse(lines[2][8..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var created)
            || created < DateTimeOffset.MinValue.UtcTicks || created > DateTimeOffset.MaxValue.UtcTicks) return null;
        ImageLayer? layer = null;
        if (lines.Length > 3)
        {
            var fields = lines[3].Split(' ');
            if (fields.Length != 5 || fields[0] != "layer" || !Digest.TryParse(fields[2], out var blob)
                || !long.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
                || !Digest.TryParse(fields[4], out var diffId)) return null;
            layer = new ImageLayer(new Descriptor { MediaType = fields[1], Digest = blob, Size = size }, diffId);
        }
        var windows = lines.Length > 4 ? ParseWindows(lines[4]) : Archives.BuildTimeWindows.None;
        if (windows is null) return null;
        return new CacheEntry(key, new DateTimeOffset(created, TimeSpan.Zero), layer) { Windows = windows };
    }

    private static Archives.BuildTimeWindows? ParseWindows(string line) =>
        line.StartsWith("windows ", StringComparison.Ordinal) ? Archives.BuildTimeWindows.Parse(line[8..]) : null;
}
