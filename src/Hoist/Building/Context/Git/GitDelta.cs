namespace Hoist.Building.Context.Git;

/// <summary>Git's delta format: the base's and the result's sizes (little-endian 7-bit groups), then instructions that
/// copy a range of the base (top bit set) or insert the next 1–127 bytes literally.</summary>
public static class GitDelta
{
    public static byte[] Apply(byte[] source, byte[] delta)
    {
        var position = 0;
        if (ReadSize(delta, ref position) != source.Length) throw new InvalidDataException("git delta: base size differs");
        var result = new byte[ReadSize(delta, ref position)];
        var written = 0;
        while (position < delta.Length)
        {
            int op = delta[position++];
            if ((op & 0x80) != 0)
            {
                var (offset, length) = ReadCopy(delta, ref position, op);
                source.AsSpan(checked((int)offset), length).CopyTo(result.AsSpan(written));
                written += length;
            }
            else if (op != 0)
            {
                delta.AsSpan(position, op).CopyTo(result.AsSpan(written));
                position += op;
                written += op;
            }
            else
            {
                throw new InvalidDataException("git delta: reserved instruction 0");
            }
        }
        return written == result.Length ? result : throw new InvalidDataException("git delta: result size differs");
    }

    private static long ReadSize(byte[] delta, ref int position)
    {
        long size = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = delta[position++];
            size |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return size;
        }
    }

    /// <summary>Bits 0–3 say which offset bytes follow, bits 4–6 which size bytes; a size of 0 means 0x10000.</summary>
    private static (long Offset, int Length) ReadCopy(byte[] delta, ref int position, int op)
    {
        long offset = 0;
        for (var i = 0; i < 4; i++)
        {
            if ((op & (1 << i)) != 0) offset |= (long)delta[position++] << (8 * i);
        }
        var length = 0;
        for (var i = 0; i < 3; i++)
        {
            if ((op & (0x10 << i)) != 0) length |= delta[position++] << (8 * i);
        }
        return (offset, length == 0 ? 0x10000 : length);
    }
}
