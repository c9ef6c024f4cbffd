using System.Buffers;
using System.Text;
using System.Text.Json;
using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// The bytes of a <see cref="LayerRecord"/> file: a compact binary form, as the build summary replays a base image's
/// record (bench S1's debian-gcc: 11,000 entries) whenever a build stage changed, and its 1 MB of JSON cost more to
/// parse than the replay itself. Layout: the magic <c>HLR2</c>; tar size, content size and entry count; then per
/// entry the length of the name it shares with the entry before (tar order keeps directories together, so most of a
/// name is shared) and the rest of it, type, mode, uid, gid, size, link target and the evidence as JSON (empty when
/// none). Integers are 7-bit varints, text is UTF-8 with a varint length. Anything that does not fit this layout
/// (a torn or foreign file) throws <see cref="InvalidDataException"/>.
/// </summary>
public static class LayerRecordFormat
{
    private static ReadOnlySpan<byte> Magic => "HLR2"u8;

    public static void Write(Stream stream, LayerRecord record)
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024 + record.Entries.Count * 32);
        var writer = new VarintWriter(output);
        writer.Raw(Magic);
        writer.Number(record.TarSize);
        writer.Number(record.ContentSize);
        writer.Number(record.Entries.Count);
        var previous = Array.Empty<byte>();
        foreach (var entry in record.Entries)
        {
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var shared = name.AsSpan().CommonPrefixLength(previous);
            writer.Number(shared);
            writer.Bytes(name.AsSpan(shared));
            writer.Number((long)entry.Type);
            writer.Number(entry.Mode);
            writer.Number(entry.Uid);
            writer.Number(entry.Gid);
            writer.Number(entry.Size);
            writer.Text(entry.LinkTarget ?? "");
            writer.Bytes(entry.Evidence is null ? [] : JsonSerializer.SerializeToUtf8Bytes(entry.Evidence, AnalysisJsonContext.Default.IReadOnlyListFileEvidence));
            previous = name;
        }
        stream.Write(output.WrittenSpan);
    }

    public static LayerRecord Read(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith(Magic)) throw new InvalidDataException("not a layer record");
        var reader = new VarintReader(bytes[Magic.Length..]);
        var tarSize = reader.Number();
        var contentSize = reader.Number();
        var count = reader.ItemCount(bytesEach: 9); // the nine fields of an entry, one byte each at least
        var entries = new RecordedEntry[count];
        var name = new byte[256];
        var nameLength = 0;
        for (var i = 0; i < count; i++)
        {
            var shared = reader.Count(nameLength);
            var rest = reader.Bytes();
            if (name.Length < shared + rest.Length) Array.Resize(ref name, Math.Max(name.Length * 2, shared + rest.Length));
            rest.CopyTo(name.AsSpan(shared));
            nameLength = shared + rest.Length;
            entries[i] = Entry(Encoding.UTF8.GetString(name, 0, nameLength), ref reader);
        }
        if (!reader.AtEnd) throw new InvalidDataException("layer record: bytes after the last entry");
        return new LayerRecord { TarSize = tarSize, ContentSize = contentSize, Entries = entries };
    }

    private static RecordedEntry Entry(string name, ref VarintReader reader)
    {
        var type = reader.Number();
        if (!Enum.IsDefined((TarEntryType)type)) throw new InvalidDataException($"layer record: entry type {type}");
        var mode = reader.Int();
        var (uid, gid, size) = (reader.Number(), reader.Number(), reader.Number());
        var link = reader.Bytes();
        var evidence = reader.Bytes();
        return new RecordedEntry
        {
            Name = name, Type = (TarEntryType)type, Mode = mode, Uid = uid, Gid = gid, Size = size,
            LinkTarget = link.IsEmpty ? null : Encoding.UTF8.GetString(link),
            Evidence = evidence.IsEmpty ? null : Evidence(evidence),
        };
    }

    private static IReadOnlyList<FileEvidence> Evidence(ReadOnlySpan<byte> json)
    {
        try
        {
            var evidence = JsonSerializer.Deserialize(json, AnalysisJsonContext.Default.IReadOnlyListFileEvidence);
            return evidence is not null && evidence.All(e => e is not null) ? evidence : throw new InvalidDataException("layer record: null evidence");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"layer record: {e.Message}", e);
        }
    }

    private readonly struct VarintWriter(ArrayBufferWriter<byte> output)
    {
        public void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);

        public void Number(long value)
        {
            var span = output.GetSpan(10);
            var length = 0;
            var remaining = (ulong)value;
            for (; remaining >= 0x80; remaining >>= 7) span[length++] = (byte)(remaining | 0x80);
            span[length++] = (byte)remaining;
            output.Advance(length);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Number(bytes.Length);
            output.Write(bytes);
        }

        public void Text(string text)
        {
            Number(Encoding.UTF8.GetByteCount(text));
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }

    private ref struct VarintReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public long Number()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position == _bytes.Length) throw new InvalidDataException("layer record: cut short");
                var next = _bytes[_position++];
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80) return (long)value;
            }
            throw new InvalidDataException("layer record: number too long");
        }

        public int Int() => Number() is var value && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"layer record: {value} out of range");

        /// <summary>A count from 0 to <paramref name="maximum"/>.</summary>
        public int Count(int maximum)
        {
            var value = Number();
            if (value < 0 || value > maximum) throw new InvalidDataException($"layer record: count {value} out of range");
            return (int)value;
        }

        /// <summary>How many items follow, each at least <paramref name="bytesEach"/> long (a damaged count allocates nothing).</summary>
        public int ItemCount(int bytesEach) => Count((_bytes.Length - _position) / bytesEach);

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Number();
            if (length < 0 || length > _bytes.Length - _position) throw new InvalidDataException("layer record: cut short");
            var bytes = _bytes.Slice(_position, (int)length);
            _position += (int)length;
            return bytes;
        }
    }
}
