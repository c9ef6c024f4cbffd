using System.IO.Compression;

namespace Hoist.Building.Context.Git;

/// <summary>
/// Reads one object out of a pack (gitformat-pack(5)): a type-and-size header, then zlib data; deltas
/// (<c>OFS_DELTA</c> against an earlier entry, <c>REF_DELTA</c> against an object by id) are applied to their base.
/// </summary>
public sealed class GitPackFile(string path, GitObjectStore store)
{
    private const int MaxDeltaChain = 64;
    private static readonly string?[] TypeNames = [null, "commit", "tree", "blob", "tag", null, null, null];

    public GitObject ReadAt(long offset) => ReadAt(offset, 0);

    private GitObject ReadAt(long offset, int depth)
    {
        if (depth > MaxDeltaChain) throw new InvalidDataException($"{path}: delta chain too long");
        using var file = File.OpenRead(path);
        file.Position = offset;
        var (type, size) = ReadEntryHeader(file);
        switch (type)
        {
            case 6:
                var baseOffset = offset - ReadBaseDistance(file);
                var delta = Inflate(file, size);
                return Patched(ReadAt(baseOffset, depth + 1), delta);
            case 7:
                var baseId = new byte[20];
                file.ReadExactly(baseId);
                var refDelta = Inflate(file, size);
                var target = store.Read(Convert.ToHexStringLower(baseId)) ?? throw new InvalidDataException($"{path}: missing delta base");
                return Patched(target, refDelta);
            default:
                var name = TypeNames[type] ?? throw new InvalidDataException($"{path}: unknown object type {type}");
                return new GitObject(name, Inflate(file, size));
        }
    }

    private static GitObject Patched(GitObject baseObject, byte[] delta) => baseObject with { Content = GitDelta.Apply(baseObject.Content, delta) };

    /// <summary>Type in bits 4–6 of the first byte, size in its low 4 bits and 7 more bits per continuation byte.</summary>
    private static (int Type, long Size) ReadEntryHeader(Stream file)
    {
        var b = ReadByte(file);
        var type = (b >> 4) & 7;
        long size = b & 0x0f;
        for (var shift = 4; (b & 0x80) != 0; shift += 7)
        {
            b = ReadByte(file);
            size |= (long)(b & 0x7f) << shift;
        }
        return (type, size);
    }

    /// <summary>OFS_DELTA's distance back to its base: big-endian 7-bit groups, each continuation adding one.</summary>
    private static long ReadBaseDistance(Stream file)
    {
        var b = ReadByte(file);
        long distance = b & 0x7f;
        while ((b & 0x80) != 0)
        {
            b = ReadByte(file);
            distance = ((distance + 1) << 7) | (long)(b & 0x7f);
        }
        return distance;
    }

    private static byte[] Inflate(Stream file, long size)
    {
        if (size > int.MaxValue) throw new InvalidDataException("git object too large");
        var content = new byte[size];
        using var inflated = new ZLibStream(file, CompressionMode.Decompress, leaveOpen: true);
        inflated.ReadExactly(content);
        return content;
    }

    private static int ReadByte(Stream file) => file.ReadByte() is var b and >= 0 ? b : throw new EndOfStreamException();
}
