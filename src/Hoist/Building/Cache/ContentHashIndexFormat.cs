using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Hoist.Building.Context;
using Hoist.Building.Copy;

namespace Hoist.Building.Cache;

/// <summary>
/// The bytes of a <see cref="ContentHashIndex"/> file: a magic line, then per source root its UTF-8 path and entry
/// count, then per entry (little-endian) the name length, size, mtime, ctime (nanoseconds), inode, device, the 32-byte
/// content sha256, the xattr count with each name and value (length-prefixed), and the name; a sha256 of all that
/// ends the file. Version 1 (no xattrs, one absolute path per entry) is read as empty: its files are hashed once more.
/// </summary>
internal static class ContentHashIndexFormat
{
    private static readonly byte[] Magic = "hoist-file-hashes-v2\n"u8.ToArray();
    private const int MaxEntries = 1_000_000;
    private const int FixedSize = 4 + 8 * 5 + 32 + 4;

    public static byte[] Serialize(Dictionary<string, Dictionary<string, ContentHashEntry>> roots)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + roots.Values.Sum(r => r.Count) * 96);
        buffer.Write(Magic);
        var budget = MaxEntries;
        foreach (var (root, files) in roots)
        {
            var entries = files.Take(budget).ToArray();
            if (entries.Length == 0) continue;
            budget -= entries.Length;
            WriteBytes(buffer, Encoding.UTF8.GetBytes(root));
            WriteInt32(buffer, entries.Length);
            foreach (var (name, entry) in entries) WriteEntry(buffer, name, entry);
        }
        buffer.Write(SHA256.HashData(buffer.WrittenSpan));
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEntry(ArrayBufferWriter<byte> buffer, string name, ContentHashEntry entry)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var fixedPart = buffer.GetSpan(FixedSize)[..FixedSize];
        var identity = entry.Identity;
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart, nameBytes.Length);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[4..], identity.Size);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[12..], identity.ModifiedNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[20..], identity.ChangedNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[28..], identity.Inode);
        BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[36..], identity.Device);
        entry.Facts.ContentHash.AsSpan().CopyTo(fixedPart[44..76]);
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart[76..], entry.Facts.Xattrs.Count);
        buffer.Advance(FixedSize);
        foreach (var (xattr, value) in entry.Facts.Xattrs)
        {
            WriteBytes(buffer, Encoding.UTF8.GetBytes(xattr));
            WriteBytes(buffer, value);
        }
        buffer.Write(nameBytes);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        WriteInt32(buffer, bytes.Length);
        buffer.Write(bytes);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    /// <summary>Fills <paramref name="roots"/>; throws <see cref="FormatException"/> for anything but an intact file.</summary>
    public static void Parse(ReadOnlySpan<byte> bytes, Dictionary<string, Dictionary<string, ContentHashEntry>> roots)
    {
        if (bytes.Length < Magic.Length + 32 || !bytes.StartsWith(Magic)) throw new FormatException("not a file hash index");
        var body = bytes[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^32..])) throw new FormatException("checksum mismatch");
        var reader = new Reader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var root = Encoding.UTF8.GetString(reader.Bytes());
            var count = reader.Int32();
            if (count < 0 || count > MaxEntries) throw new FormatException("bad entry count");
            if (!roots.TryGetValue(root, out var files)) roots[root] = files = new Dictionary<string, ContentHashEntry>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var (name, entry) = ReadEntry(ref reader);
                files[name] = entry;
            }
        }
    }

    private static (string Name, ContentHashEntry Entry) ReadEntry(ref Reader reader)
    {
        var nameLength = reader.Int32();
        var identity = new FileIdentity(reader.Int64(), reader.Int64(), reader.Int64(), (ulong)reader.Int64(), (ulong)reader.Int64());
        var hash = reader.Take(32).ToArray();
        var xattrCount = reader.Int32();
        if (xattrCount < 0) throw new FormatException("bad xattr count");
        IReadOnlyDictionary<string, byte[]> xattrs = SourceFileFacts.NoXattrs;
        if (xattrCount > 0)
        {
            var read = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            for (var i = 0; i < xattrCount; i++) read[Encoding.UTF8.GetString(reader.Bytes())] = reader.Bytes().ToArray();
            xattrs = read;
        }
        var name = Encoding.UTF8.GetString(reader.Take(nameLength));
        return (name, new ContentHashEntry(identity, new SourceFileFacts(xattrs, hash)));
    }

    /// <summary>Reads fields off the front of a span; a short span is a <see cref="FormatException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> rest)
    {
        private ReadOnlySpan<byte> _rest = rest;

        public readonly bool AtEnd => _rest.IsEmpty;

        public ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || _rest.Length < length) throw new FormatException("truncated entry");
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ReadOnlySpan<byte> Bytes() => Take(Int32());
    }
}
