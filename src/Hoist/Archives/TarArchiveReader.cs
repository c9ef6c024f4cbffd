using System.Globalization;
using System.Text;
using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Reads the tar dialects found in real images: ustar, PAX (local headers applied, global headers consumed and
/// ignored, as Docker and containerd do), GNU (<c>././@LongLink</c> long names and link targets, base-256 numbers)
/// and old V7 headers. Any malformed, truncated or oversized input raises <see cref="TarFormatException"/>; metadata
/// blocks are capped (<see cref="MaxMetadataSize"/>) so a hostile header cannot make us allocate without bound.
/// </summary>
public sealed class TarArchiveReader : IDisposable
{
    /// <summary>Largest PAX or GNU long-name block accepted (xattrs can legitimately need tens of KiB).</summary>
    public const int MaxMetadataSize = 1024 * 1024;

    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte[] _block = new byte[TarHeaderBlock.Size];
    private long _remaining;
    private long _padding;
    private bool _ended;
    private EntryContentStream? _content;

    public TarArchiveReader(Stream input, bool leaveOpen = false)
    {
        _input = input;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The next entry, or null at the end of the archive. Unread content of the previous entry is skipped.</summary>
    public TarEntry? ReadNext()
    {
        if (_ended) return null;
        SkipRest();
        Dictionary<string, byte[]>? pax = null;
        string? longName = null, longLink = null;
        while (true)
        {
            if (!ReadBlock(allowEnd: true) || IsZero(_block))
            {
                _ended = true;
                if (pax is not null || longName is not null || longLink is not null)
                    throw new TarFormatException("archive ends after an extended header");
                return null;
            }
            VerifyChecksum();
            var flag = (char)_block[TarHeaderBlock.TypeOffset];
            var size = ParseNumber(_block.AsSpan(TarHeaderBlock.SizeOffset, TarHeaderBlock.SizeLength), "size");
            switch (flag)
            {
                case 'x':
                    pax ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
                    ParsePax(ReadMetadata(size, "PAX header"), pax);
                    continue;
                case 'g':
                    // Global headers (e.g. git archive's commit comment) describe the archive, not a file.
                    ParsePax(ReadMetadata(size, "PAX global header"), new Dictionary<string, byte[]>(StringComparer.Ordinal));
                    continue;
                case 'L':
                    longName = CString(ReadMetadata(size, "GNU long name"));
                    continue;
                case 'K':
                    longLink = CString(ReadMetadata(size, "GNU long link"));
                    continue;
            }
            var entry = BuildEntry(flag, size, pax, longName, longLink, out var dataSize);
            _remaining = dataSize;
            _padding = Padding(_remaining);
            // Only regular files expose content; data attached to other types (GNU dumpdir, PAX hard links) is skipped.
            if (entry.Type != TarEntryType.Regular) SkipRest();
            return entry;
        }
    }

    /// <summary>The current regular file's content; read it before the next <see cref="ReadNext"/>.</summary>
    public Stream OpenContent()
    {
        _content = new EntryContentStream(this);
        return _content;
    }

    public void Dispose()
    {
        if (!_leaveOpen) _input.Dispose();
    }

    private TarEntry BuildEntry(char flag, long size, Dictionary<string, byte[]>? pax, string? longName, string? longLink, out long dataSize)
    {
        var block = _block.AsSpan();
        var magic = block.Slice(TarHeaderBlock.MagicOffset, 6);
        var isPosix = magic.SequenceEqual("ustar\0"u8);
        var isGnu = magic.SequenceEqual("ustar "u8);
        var name = Field(block.Slice(TarHeaderBlock.NameOffset, TarHeaderBlock.NameLength));
        if (isPosix)
        {
            var prefix = Field(block.Slice(TarHeaderBlock.PrefixOffset, TarHeaderBlock.PrefixLength));
            if (prefix.Length > 0) name = prefix + "/" + name;
        }
        var type = flag switch
        {
            '0' or '\0' or '7' => TarEntryType.Regular,
            '1' => TarEntryType.HardLink,
            '2' => TarEntryType.Symlink,
            '3' => TarEntryType.CharDevice,
            '4' => TarEntryType.BlockDevice,
            '5' => TarEntryType.Directory,
            '6' => TarEntryType.Fifo,
            'S' => throw new TarFormatException("GNU sparse files are not supported"),
            _ => throw new TarFormatException($"unsupported entry type '{Printable(flag)}'"),
        };
        var link = Field(block.Slice(TarHeaderBlock.LinkOffset, TarHeaderBlock.LinkLength));
        var hasUserFields = isPosix || isGnu;
        var entry = new TarEntry
        {
            Name = longName ?? name,
            Type = type,
            Mode = (int)(ParseNumber(block.Slice(TarHeaderBlock.ModeOffset, 8), "mode") & 0xFFF),
            Uid = ParseNumber(block.Slice(TarHeaderBlock.UidOffset, 8), "uid"),
            Gid = ParseNumber(block.Slice(TarHeaderBlock.GidOffset, 8), "gid"),
            ModificationTime = ParseNumber(block.Slice(TarHeaderBlock.MtimeOffset, 12), "mtime"),
            Size = size,
            LinkTarget = longLink ?? link,
            UserName = hasUserFields ? Field(block.Slice(TarHeaderBlock.UserNameOffset, TarHeaderBlock.UserNameLength)) : "",
            GroupName = hasUserFields ? Field(block.Slice(TarHeaderBlock.GroupNameOffset, TarHeaderBlock.UserNameLength)) : "",
            DeviceMajor = hasUserFields && type is TarEntryType.CharDevice or TarEntryType.BlockDevice ? ParseNumber(block.Slice(TarHeaderBlock.DevMajorOffset, 8), "devmajor") : 0,
            DeviceMinor = hasUserFields && type is TarEntryType.CharDevice or TarEntryType.BlockDevice ? ParseNumber(block.Slice(TarHeaderBlock.DevMinorOffset, 8), "devminor") : 0,
        };
        if (pax is not null) entry = ApplyPax(entry, pax);
        dataSize = entry.Size;
        // Pre-POSIX archives mark directories only by a trailing slash on a regular-file entry.
        if (flag is '0' or '\0' && entry.Name.EndsWith('/')) entry = entry with { Type = TarEntryType.Directory };
        var trimmed = entry.Name.TrimEnd('/');
        if (trimmed.Length == 0 && entry.Name.Length > 0) trimmed = "/";
        if (trimmed.Length == 0) throw new TarFormatException("entry with an empty name");
        if (trimmed.Contains('\0') || entry.LinkTarget.Contains('\0')) throw new TarFormatException($"entry name or link target contains NUL");
        if (entry.Type is TarEntryType.HardLink or TarEntryType.Symlink && entry.LinkTarget.Length == 0)
            throw new TarFormatException($"link \"{trimmed}\" has no target");
        return entry with { Name = trimmed, Size = entry.Type == TarEntryType.Regular ? entry.Size : 0 };
    }

    private static TarEntry ApplyPax(TarEntry entry, Dictionary<string, byte[]> pax)
    {
        Dictionary<string, byte[]>? xattrs = null;
        foreach (var (key, value) in pax)
        {
            switch (key)
            {
                case "path": entry = entry with { Name = Utf8(value) }; break;
                case "linkpath": entry = entry with { LinkTarget = Utf8(value) }; break;
                case "size": entry = entry with { Size = PaxInteger(key, value) }; break;
                case "uid": entry = entry with { Uid = PaxInteger(key, value) }; break;
                case "gid": entry = entry with { Gid = PaxInteger(key, value) }; break;
                case "uname": entry = entry with { UserName = Utf8(value) }; break;
                case "gname": entry = entry with { GroupName = Utf8(value) }; break;
                case "mtime":
                    var (seconds, nanoseconds) = PaxTime(value);
                    entry = entry with { ModificationTime = seconds, ModificationTimeNanoseconds = nanoseconds };
                    break;
                case "SCHILY.devmajor": entry = entry with { DeviceMajor = PaxInteger(key, value) }; break;
                case "SCHILY.devminor": entry = entry with { DeviceMinor = PaxInteger(key, value) }; break;
                default:
                    if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal) && key.Length > "SCHILY.xattr.".Length)
                    {
                        xattrs ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
                        xattrs[key["SCHILY.xattr.".Length..]] = value;
                    }
                    else if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
                        throw new TarFormatException("GNU sparse files are not supported");
                    break;
            }
        }
        return xattrs is null ? entry : entry with { Xattrs = xattrs };
    }

    private static void ParsePax(byte[] data, Dictionary<string, byte[]> records)
    {
        var position = 0;
        while (position < data.Length)
        {
            // Trailing NUL padding written by some tools ends the record list.
            if (data[position] == 0) break;
            var space = Array.IndexOf(data, (byte)' ', position, Math.Min(20, data.Length - position));
            if (space <= position) throw new TarFormatException("malformed PAX record length");
            long length = 0;
            for (var i = position; i < space; i++)
            {
                if (data[i] is < (byte)'0' or > (byte)'9') throw new TarFormatException("malformed PAX record length");
                length = length * 10 + (data[i] - '0');
            }
            if (length < space - position + 4 || length > data.Length - position)
                throw new TarFormatException("PAX record length out of range");
            var end = position + (int)length;
            if (data[end - 1] != (byte)'\n') throw new TarFormatException("PAX record not terminated by a newline");
            var equals = Array.IndexOf(data, (byte)'=', space + 1, end - space - 1);
            if (equals <= space + 1) throw new TarFormatException("PAX record without a key");
            var key = Utf8(data.AsSpan(space + 1, equals - space - 1).ToArray());
            records[key] = data.AsSpan(equals + 1, end - 1 - equals - 1).ToArray();
            position = end;
        }
    }

    private static long PaxInteger(string key, byte[] value)
    {
        var text = Encoding.ASCII.GetString(value);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw new TarFormatException($"PAX {key} \"{Printable(text)}\" is not a non-negative integer");
        return number;
    }

    /// <summary>"SECONDS[.FRACTION]": the fraction's first nine digits are the nanoseconds (further ones are dropped,
    /// as Go's archive/tar does); a negative time's fraction counts down from the whole second below it.</summary>
    private static (long Seconds, uint Nanoseconds) PaxTime(byte[] value)
    {
        var text = Encoding.ASCII.GetString(value);
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (!long.TryParse(whole, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) || !fraction.All(char.IsAsciiDigit))
            throw new TarFormatException($"PAX mtime \"{Printable(text)}\" is not a number");
        var nanoseconds = fraction.Length == 0 ? 0u : uint.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        if (nanoseconds == 0 || !whole.StartsWith('-')) return (seconds, nanoseconds);
        return (seconds - 1, 1_000_000_000 - nanoseconds);
    }

    private byte[] ReadMetadata(long size, string what)
    {
        if (size > MaxMetadataSize) throw new TarFormatException($"{what} of {size} bytes exceeds the {MaxMetadataSize}-byte limit");
        var data = new byte[size];
        ReadExactly(data, what);
        SkipBytes(Padding(size));
        return data;
    }

    private void VerifyChecksum()
    {
        var stored = ParseNumber(_block.AsSpan(TarHeaderBlock.ChecksumOffset, 8), "checksum");
        long unsigned = 0, signed = 0;
        for (var i = 0; i < TarHeaderBlock.Size; i++)
        {
            var b = i is >= TarHeaderBlock.ChecksumOffset and < TarHeaderBlock.ChecksumOffset + 8 ? (byte)' ' : _block[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        if (stored != unsigned && stored != signed) throw new TarFormatException("header checksum mismatch");
    }

    /// <summary>Octal (space/NUL padded) or GNU base-256 (high bit set); negative or 64-bit-overflowing values are refused.</summary>
    internal static long ParseNumber(ReadOnlySpan<byte> field, string what)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF) throw new TarFormatException($"negative {what}");
            long value = field[0] & 0x7F;
            for (var i = 1; i < field.Length; i++)
            {
                if (value > (long.MaxValue >> 8)) throw new TarFormatException($"{what} overflows");
                value = (value << 8) | field[i];
            }
            return value;
        }
        var start = 0;
        while (start < field.Length && field[start] == ' ') start++;
        var end = start;
        long result = 0;
        while (end < field.Length && field[end] is >= (byte)'0' and <= (byte)'7')
        {
            if (result > (long.MaxValue >> 3)) throw new TarFormatException($"{what} overflows");
            result = (result << 3) | (long)(field[end] - '0');
            end++;
        }
        for (var i = end; i < field.Length; i++)
        {
            if (field[i] is not (0 or (byte)' ')) throw new TarFormatException($"invalid {what} field");
        }
        return result;
    }

    private bool ReadBlock(bool allowEnd)
    {
        var total = 0;
        while (total < TarHeaderBlock.Size)
        {
            var read = Read(_block.AsSpan(total));
            if (read == 0)
            {
                if (total == 0 && allowEnd) return false;
                throw new TarFormatException("unexpected end of archive in a header");
            }
            total += read;
        }
        return true;
    }

    private void ReadExactly(Span<byte> buffer, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = Read(buffer[total..]);
            if (read == 0) throw new TarFormatException($"unexpected end of archive in {what}");
            total += read;
        }
    }

    /// <summary>All reads go through here so decompression errors surface as <see cref="TarFormatException"/>.</summary>
    private int Read(Span<byte> buffer)
    {
        try
        {
            return _input.Read(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new TarFormatException($"corrupt compressed stream ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new TarFormatException($"read failed ({e.Message})", e);
        }
    }

    private void SkipRest()
    {
        _content?.Detach();
        _content = null;
        SkipBytes(_remaining + _padding);
        _remaining = 0;
        _padding = 0;
    }

    private void SkipBytes(long count)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var read = Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (read == 0) throw new TarFormatException("unexpected end of archive in entry data");
            count -= read;
        }
    }

    private static long Padding(long size) => (TarHeaderBlock.Size - size % TarHeaderBlock.Size) % TarHeaderBlock.Size;

    private static bool IsZero(ReadOnlySpan<byte> block) => !block.ContainsAnyExcept((byte)0);

    private static string Field(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? field : field[..nul]);
    }

    private static string CString(byte[] data)
    {
        var nul = Array.IndexOf(data, (byte)0);
        return Encoding.UTF8.GetString(data, 0, nul < 0 ? data.Length : nul);
    }

    private static string Utf8(byte[] value) => Encoding.UTF8.GetString(value);

    private static string Printable(char c) => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString();

    private static string Printable(string s) => s.Length > 40 ? s[..40] + "…" : s;

    /// <summary>A read-only view of the current entry's remaining content.</summary>
    private sealed class EntryContentStream(TarArchiveReader owner) : ReadOnlyStream
    {
        private TarArchiveReader? _owner = owner;

        public void Detach() => _owner = null;

        public override int Read(Span<byte> buffer)
        {
            var reader = _owner;
            if (reader is null || reader._remaining == 0 || buffer.Length == 0) return 0;
            var wanted = (int)Math.Min(buffer.Length, reader._remaining);
            var read = reader.Read(buffer[..wanted]);
            if (read == 0) throw new TarFormatException("unexpected end of archive in entry data");
            reader._remaining -= read;
            return read;
        }
    }
}
