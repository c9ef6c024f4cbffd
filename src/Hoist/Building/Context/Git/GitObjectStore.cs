using System.IO.Compression;
using System.Text;

namespace Hoist.Building.Context.Git;

/// <summary>
/// Reads objects of a SHA-1 repository without git: loose objects (<c>objects/xx/…</c>, zlib) and packs
/// (<c>objects/pack/*.idx</c> version 2 and their <c>.pack</c>, deltas included). Enough to read a commit; trees and
/// blobs are read the same way but nothing here needs them.
/// </summary>
public sealed class GitObjectStore(string commonDirectory)
{
    private readonly string _objects = Path.Combine(commonDirectory, "objects");

    /// <summary>The object's type and content, or null when it is in neither a loose file nor a pack.</summary>
    public GitObject? Read(string id)
    {
        if (id.Length != 40) return null;
        return ReadLoose(id) ?? ReadPacked(id);
    }

    private GitObject? ReadLoose(string id)
    {
        var path = Path.Combine(_objects, id[..2], id[2..]);
        if (!File.Exists(path)) return null;
        using var file = File.OpenRead(path);
        using var inflated = new ZLibStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        inflated.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul < 0) throw new InvalidDataException($"git object {id}: no header");
        var header = Encoding.ASCII.GetString(bytes, 0, nul).Split(' ');
        return new GitObject(header[0], bytes[(nul + 1)..]);
    }

    private GitObject? ReadPacked(string id)
    {
        var packs = Path.Combine(_objects, "pack");
        if (!Directory.Exists(packs)) return null;
        var raw = Convert.FromHexString(id);
        foreach (var index in Directory.EnumerateFiles(packs, "*.idx").Order(StringComparer.Ordinal))
        {
            if (GitPackIndex.Load(index).OffsetOf(raw) is not { } offset) continue;
            return new GitPackFile(Path.ChangeExtension(index, ".pack"), this).ReadAt(offset);
        }
        return null;
    }
}
