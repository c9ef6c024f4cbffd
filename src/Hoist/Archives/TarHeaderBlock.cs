using System.Text;

namespace Hoist.Archives;

/// <summary>Offsets and field encoders of the 512-byte ustar header (POSIX.1-2001 pax "ustar Interchange Format").</summary>
internal static class TarHeaderBlock
{
    public const int Size = 512;
    public const int NameOffset = 0, NameLength = 100;
    public const int ModeOffset = 100;
    public const int UidOffset = 108;
    public const int GidOffset = 116;
    public const int SizeOffset = 124, SizeLength = 12;
    public const int MtimeOffset = 136;
    public const int ChecksumOffset = 148;
    public const int TypeOffset = 156;
    public const int LinkOffset = 157, LinkLength = 100;
    public const int MagicOffset = 257;
    public const int VersionOffset = 263;
    public const int UserNameOffset = 265, UserNameLength = 32;
    public const int GroupNameOffset = 297;
    public const int DevMajorOffset = 329;
    public const int DevMinorOffset = 337;
    public const int PrefixOffset = 345, PrefixLength = 155;

    /// <summary>Largest value an octal field of <paramref name="length"/> bytes holds (one byte is the terminator).</summary>
    public static long MaxOctal(int length) => (1L << (3 * (length - 1))) - 1;

    public static void WriteOctal(Span<byte> block, int offset, int length, long value)
    {
        var field = block.Slice(offset, length);
        field[^1] = 0;
        for (var i = length - 2; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
    }

    /// <summary>GNU base-256: high bit of the first byte set, big-endian value in the rest.</summary>
    public static void WriteBase256(Span<byte> block, int offset, int length, long value)
    {
        var field = block.Slice(offset, length);
        for (var i = length - 1; i > 0; i--)
        {
            field[i] = (byte)value;
            value >>= 8;
        }
        field[0] = 0x80;
    }

    public static void WriteNumber(Span<byte> block, int offset, int length, long value)
    {
        if (value >= 0 && value <= MaxOctal(length)) WriteOctal(block, offset, length, value);
        else WriteBase256(block, offset, length, value);
    }

    public static void WriteAscii(Span<byte> block, int offset, int length, string text)
    {
        var written = Encoding.ASCII.GetBytes(text, block.Slice(offset, length));
        block.Slice(offset + written, length - written).Clear();
    }

    public static void WriteChecksum(Span<byte> block)
    {
        block.Slice(ChecksumOffset, 8).Fill((byte)' ');
        long sum = 0;
        foreach (var b in block) sum += b;
        // Six octal digits, NUL, space: the form every tar writes.
        WriteOctal(block, ChecksumOffset, 7, sum);
        block[ChecksumOffset + 7] = (byte)' ';
    }

    public static bool IsAscii(string text, int maxLength) => text.Length <= maxLength && Ascii.IsValid(text);
}
