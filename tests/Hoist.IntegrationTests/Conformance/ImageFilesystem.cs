using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// The filesystem an image's layers make when applied in order the way a container runtime unpacks them: whiteouts
/// and opaque directories honoured, a non-directory replacing whatever was at its path. A port of normalize.py's
/// apply_layer; paths are relative (no leading slash).
/// </summary>
public sealed class ImageFilesystem
{
    private const string Whiteout = ".wh.";
    private const string Opaque = ".wh..wh..opq";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public Dictionary<string, FileNode> Paths { get; } = new(StringComparer.Ordinal);

    public static ImageFilesystem Of(SavedImage? image)
    {
        var fs = new ImageFilesystem();
        if (image is null) return fs;
        foreach (var layer in image.OpenLayers())
        {
            using (layer) fs.Apply(layer);
        }
        return fs;
    }

    public void Apply(Stream layer)
    {
        var entries = ReadEntries(layer);
        // Opaque markers first: they hide the lower directory's children, never entries of this same layer.
        foreach (var (name, _) in entries)
        {
            if (Basename(name) != Opaque) continue;
            var dir = Dirname(name);
            var prefix = dir.Length > 0 ? dir + "/" : "";
            RemoveWhere(p => p.StartsWith(prefix, StringComparison.Ordinal) && p != dir);
        }
        foreach (var (name, entry) in entries)
        {
            if (name.Length == 0) continue;
            var baseName = Basename(name);
            if (baseName == Opaque) continue;
            if (baseName.StartsWith(Whiteout, StringComparison.Ordinal))
            {
                var victim = Join(Dirname(name), baseName[Whiteout.Length..]);
                RemoveWhere(p => p == victim || p.StartsWith(victim + "/", StringComparison.Ordinal));
                continue;
            }
            if (Paths.TryGetValue(name, out var existing) && !(entry.Kind == "dir" && existing.Kind == "dir"))
                RemoveWhere(p => p == name || p.StartsWith(name + "/", StringComparison.Ordinal));
            if (entry.HardLinkTo is { } linkName)
            {
                Paths[name] = Paths.TryGetValue(Clean(linkName), out var source)
                    ? source
                    : throw new InvalidOperationException($"hard link {name} -> {linkName}: target missing");
                continue;
            }
            Paths[name] = entry.Node!;
        }
    }

    private sealed record Entry(string Kind, FileNode? Node, string? HardLinkTo);

    private static List<(string Name, Entry Entry)> ReadEntries(Stream layer)
    {
        var entries = new List<(string, Entry)>();
        using var reader = new TarReader(layer, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            var name = Clean(entry.Name);
            if (entry.EntryType == TarEntryType.HardLink)
            {
                entries.Add((name, new Entry("link", null, entry.LinkName)));
                continue;
            }
            var kind = entry.EntryType switch
            {
                TarEntryType.Directory => "dir",
                TarEntryType.SymbolicLink => "symlink",
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => "file",
                TarEntryType.CharacterDevice => "char",
                TarEntryType.BlockDevice => "block",
                TarEntryType.Fifo => "fifo",
                _ => throw new InvalidOperationException($"{name}: unsupported tar entry type {entry.EntryType}"),
            };
            long size = 0;
            string? sha = null, text = null;
            if (kind == "file")
            {
                using var data = new MemoryStream();
                entry.DataStream?.CopyTo(data);
                var bytes = data.ToArray();
                size = bytes.Length;
                sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                text = SmallText(bytes);
            }
            var xattrs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (entry is PaxTarEntry pax)
            {
                foreach (var (key, value) in pax.ExtendedAttributes)
                {
                    if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                        xattrs[key["SCHILY.xattr.".Length..]] = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));
                }
            }
            var device = kind is "char" or "block" && entry is PosixTarEntry posix;
            var node = new FileNode
            {
                Kind = kind,
                Mode = (int)entry.Mode & 0xFFF,
                Uid = entry.Uid,
                Gid = entry.Gid,
                Size = size,
                Sha256 = sha,
                Text = text,
                Target = kind == "symlink" ? entry.LinkName : null,
                Major = device ? ((PosixTarEntry)entry).DeviceMajor : null,
                Minor = device ? ((PosixTarEntry)entry).DeviceMinor : null,
                Xattrs = xattrs,
            };
            entries.Add((name, new Entry(kind, node, null)));
        }
        return entries;
    }

    private static string? SmallText(byte[] data)
    {
        if (data.Length > 512) return null;
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private void RemoveWhere(Func<string, bool> predicate)
    {
        foreach (var path in Paths.Keys.Where(predicate).ToList()) Paths.Remove(path);
    }

    /// <summary>normalize.py's clean: no leading ./ or /, normalised, "" for the root.</summary>
    public static string Clean(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string Basename(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Dirname(string path) => path.LastIndexOf('/') is var i and >= 0 ? path[..i] : "";

    private static string Join(string dir, string name) => dir.Length > 0 ? dir + "/" + name : name;
}
