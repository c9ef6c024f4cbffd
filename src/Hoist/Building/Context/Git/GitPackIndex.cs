using System.Buffers.Binary;

namespace Hoist.Building.Context.Git;

/// <summary>A pack index, version 2 (gitformat-pack(5)): a 256-entry fan-out table, the sorted object ids, their
/// CRCs, 4-byte offsets (the top bit pointing into a table of 8-byte offsets for packs over 2 GiB).</summary>
public sealed class GitPackIndex
{
    private const int IdLength = 20;
    private const int HeaderLength = 8;
    private const int FanoutLength = 256 * 4;
    private readonly byte[] _bytes;
    private readonly int _count;

    private GitPackIndex(byte[] bytes)
    {
        _bytes = bytes;
        _count = (int)FanoutAt(255);
    }

    public static GitPackIndex Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength + FanoutLength || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0xff744f63
            || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)) != 2)
        {
            throw new InvalidDataException($"{path}: not a version 2 pack index");
        }
        return new GitPackIndex(bytes);
    }

    /// <summary>Where the object starts in the pack, or null when the pack does not hold it.</summary>
    public long? OffsetOf(ReadOnlySpan<byte> id)
    {
        var low = id[0] == 0 ? 0 : (int)FanoutAt(id[0] - 1);
        var high = (int)FanoutAt(id[0]) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var order = IdAt(middle).SequenceCompareTo(id);
            if (order == 0) return Offset(middle);
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return null;
    }

    private uint FanoutAt(int i) => BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(HeaderLength + (i * 4)));

    private ReadOnlySpan<byte> IdAt(int i) => _bytes.AsSpan(HeaderLength + FanoutLength + (i * IdLength), IdLength);

    private long Offset(int i)
    {
        var offsets = HeaderLength + FanoutLength + (_count * (IdLength + 4));
        var small = BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(offsets + (i * 4)));
        if ((small & 0x8000_0000) == 0) return small;
        var large = offsets + (_count * 4) + ((int)(small & 0x7fff_ffff) * 8);
        return (long)BinaryPrimitives.ReadUInt64BigEndian(_bytes.AsSpan(large));
    }
}
