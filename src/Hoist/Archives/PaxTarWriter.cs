using System.Buffers;
using System.Globalization;
using System.Text;

namespace Hoist.Archives;

/// <summary>
/// A deterministic ustar/PAX tar writer: the same entries and contents always give the same bytes. Headers carry
/// exactly the given fields (no pid, no atime/ctime, no host user lookup); whatever ustar cannot hold (long or
/// non-ASCII names and link targets, large ids and sizes, long user names, xattrs) goes into a PAX extended header
/// whose records are sorted. Xattr values are written as raw bytes (<c>SCHILY.xattr.name</c>), so binary values such
/// as <c>security.capability</c> survive. System.Formats.Tar is not used: its PAX header names embed the process id.
/// </summary>
public sealed class PaxTarWriter : IDisposable
{
    private const string PaxHeaderName = "././@PaxHeader";
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _block = new byte[TarHeaderBlock.Size];
    private bool _finished;

    public PaxTarWriter(Stream output, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes an entry; a regular file's <paramref name="content"/> must supply <see cref="TarEntry.Size"/> bytes.</summary>
    public void WriteEntry(TarEntry entry, Stream? content = null)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        Validate(entry);
        var size = entry.Type == TarEntryType.Regular ? entry.Size : 0;
        var name = entry.Type == TarEntryType.Directory ? entry.Name + "/" : entry.Name;
        var pax = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var block = _block.AsSpan();
        block.Clear();

        if (!TrySplitName(name, out var prefix, out var shortName))
        {
            pax["path"] = Encoding.UTF8.GetBytes(name);
            prefix = "";
            shortName = Truncate(name, TarHeaderBlock.NameLength);
        }
        TarHeaderBlock.WriteAscii(block, TarHeaderBlock.NameOffset, TarHeaderBlock.NameLength, shortName);
        TarHeaderBlock.WriteAscii(block, TarHeaderBlock.PrefixOffset, TarHeaderBlock.PrefixLength, prefix);

        TarHeaderBlock.WriteOctal(block, TarHeaderBlock.ModeOffset, 8, entry.Mode & 0xFFF);
        WriteNumberOrPax(block, TarHeaderBlock.UidOffset, 8, entry.Uid, "uid", pax);
        WriteNumberOrPax(block, TarHeaderBlock.GidOffset, 8, entry.Gid, "gid", pax);
        WriteNumberOrPax(block, TarHeaderBlock.SizeOffset, TarHeaderBlock.SizeLength, size, "size", pax);
        WriteNumberOrPax(block, TarHeaderBlock.MtimeOffset, 12, entry.ModificationTime, "mtime", pax);
        block[TarHeaderBlock.TypeOffset] = TypeFlag(entry.Type);

        if (entry.LinkTarget.Length > 0)
        {
            if (TarHeaderBlock.IsAscii(entry.LinkTarget, TarHeaderBlock.LinkLength))
                TarHeaderBlock.WriteAscii(block, TarHeaderBlock.LinkOffset, TarHeaderBlock.LinkLength, entry.LinkTarget);
            else
            {
                pax["linkpath"] = Encoding.UTF8.GetBytes(entry.LinkTarget);
                TarHeaderBlock.WriteAscii(block, TarHeaderBlock.LinkOffset, TarHeaderBlock.LinkLength, Truncate(entry.LinkTarget, TarHeaderBlock.LinkLength));
            }
        }

        "ustar\0"u8.CopyTo(block[TarHeaderBlock.MagicOffset..]);
        "00"u8.CopyTo(block[TarHeaderBlock.VersionOffset..]);
        WriteNameField(block, TarHeaderBlock.UserNameOffset, entry.UserName, "uname", pax);
        WriteNameField(block, TarHeaderBlock.GroupNameOffset, entry.GroupName, "gname", pax);
        if (entry.Type is TarEntryType.CharDevice or TarEntryType.BlockDevice)
        {
            TarHeaderBlock.WriteNumber(block, TarHeaderBlock.DevMajorOffset, 8, entry.DeviceMajor);
            TarHeaderBlock.WriteNumber(block, TarHeaderBlock.DevMinorOffset, 8, entry.DeviceMinor);
        }
        else
        {
            TarHeaderBlock.WriteOctal(block, TarHeaderBlock.DevMajorOffset, 8, 0);
            TarHeaderBlock.WriteOctal(block, TarHeaderBlock.DevMinorOffset, 8, 0);
        }

        foreach (var (key, value) in entry.Xattrs) pax["SCHILY.xattr." + key] = value;

        if (pax.Count > 0) WritePaxHeader(pax);
        TarHeaderBlock.WriteChecksum(block);
        _output.Write(_block);
        if (size > 0) WriteContent(entry, content, size);
    }

    /// <summary>Writes the two zero blocks that end an archive.</summary>
    public void Finish()
    {
        if (_finished) return;
        Array.Clear(_block);
        _output.Write(_block);
        _output.Write(_block);
        _finished = true;
    }

    public void Dispose()
    {
        Finish();
        if (!_leaveOpen) _output.Dispose();
    }

    private static void Validate(TarEntry entry)
    {
        if (entry.Name.Length == 0 || entry.Name.Contains('\0'))
            throw new HoistException($"tar entry name \"{entry.Name}\" is empty or contains NUL");
        if (entry.LinkTarget.Contains('\0')) throw new HoistException($"tar entry \"{entry.Name}\": link target contains NUL");
        if (entry.Type is TarEntryType.Symlink or TarEntryType.HardLink && entry.LinkTarget.Length == 0)
            throw new HoistException($"tar entry \"{entry.Name}\": link without a target");
        if (entry.Size < 0) throw new HoistException($"tar entry \"{entry.Name}\": negative size");
        foreach (var key in entry.Xattrs.Keys)
        {
            if (key.Length == 0 || key.Contains('=') || key.Contains('\0'))
                throw new HoistException($"tar entry \"{entry.Name}\": invalid xattr name \"{key}\"");
        }
    }

    private void WriteContent(TarEntry entry, Stream? content, long size)
    {
        if (content is null) throw new HoistException($"tar entry \"{entry.Name}\": content missing");
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var remaining = size;
            while (remaining > 0)
            {
                var read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0) throw new HoistException($"{entry.Name}: file shrank while being archived");
                _output.Write(buffer, 0, read);
                remaining -= read;
            }
            WritePadding(size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WritePadding(long size)
    {
        var padding = (int)((TarHeaderBlock.Size - size % TarHeaderBlock.Size) % TarHeaderBlock.Size);
        if (padding > 0) _output.Write(new byte[padding]);
    }

    private void WritePaxHeader(SortedDictionary<string, byte[]> records)
    {
        var body = new MemoryStream();
        foreach (var (key, value) in records) WritePaxRecord(body, key, value);
        var header = new byte[TarHeaderBlock.Size];
        TarHeaderBlock.WriteAscii(header, TarHeaderBlock.NameOffset, TarHeaderBlock.NameLength, PaxHeaderName);
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.ModeOffset, 8, 0x1A4);
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.UidOffset, 8, 0);
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.GidOffset, 8, 0);
        TarHeaderBlock.WriteNumber(header, TarHeaderBlock.SizeOffset, TarHeaderBlock.SizeLength, body.Length);
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.MtimeOffset, 12, 0);
        header[TarHeaderBlock.TypeOffset] = (byte)'x';
        "ustar\0"u8.CopyTo(header.AsSpan(TarHeaderBlock.MagicOffset));
        "00"u8.CopyTo(header.AsSpan(TarHeaderBlock.VersionOffset));
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.DevMajorOffset, 8, 0);
        TarHeaderBlock.WriteOctal(header, TarHeaderBlock.DevMinorOffset, 8, 0);
        TarHeaderBlock.WriteChecksum(header);
        _output.Write(header);
        body.Position = 0;
        body.CopyTo(_output);
        WritePadding(body.Length);
    }

    /// <summary>A record is "LEN key=value\n" where LEN counts the whole record including its own digits.</summary>
    private static void WritePaxRecord(Stream body, string key, byte[] value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var rest = 1 + keyBytes.Length + 1 + value.Length + 1;
        var length = rest + 1;
        while (length != rest + length.ToString(CultureInfo.InvariantCulture).Length) length = rest + length.ToString(CultureInfo.InvariantCulture).Length;
        body.Write(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture) + " "));
        body.Write(keyBytes);
        body.WriteByte((byte)'=');
        body.Write(value);
        body.WriteByte((byte)'\n');
    }

    private static void WriteNumberOrPax(Span<byte> block, int offset, int length, long value, string key, SortedDictionary<string, byte[]> pax)
    {
        if (value >= 0 && value <= TarHeaderBlock.MaxOctal(length))
        {
            TarHeaderBlock.WriteOctal(block, offset, length, value);
            return;
        }
        pax[key] = Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
        TarHeaderBlock.WriteOctal(block, offset, length, 0);
    }

    private static void WriteNameField(Span<byte> block, int offset, string name, string key, SortedDictionary<string, byte[]> pax)
    {
        if (TarHeaderBlock.IsAscii(name, TarHeaderBlock.UserNameLength - 1)) TarHeaderBlock.WriteAscii(block, offset, TarHeaderBlock.UserNameLength, name);
        else pax[key] = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>ustar splits a long name at a '/' into prefix (155) and name (100); only ASCII is put in these fields.</summary>
    private static bool TrySplitName(string name, out string prefix, out string shortName)
    {
        prefix = "";
        shortName = name;
        if (!Ascii.IsValid(name)) return false;
        if (name.Length <= TarHeaderBlock.NameLength) return true;
        if (name.Length > TarHeaderBlock.PrefixLength + 1 + TarHeaderBlock.NameLength) return false;
        var start = Math.Max(0, name.Length - TarHeaderBlock.NameLength - 1);
        for (var i = start; i < name.Length - 1 && i <= TarHeaderBlock.PrefixLength; i++)
        {
            if (name[i] != '/' || i == 0) continue;
            prefix = name[..i];
            shortName = name[(i + 1)..];
            return true;
        }
        return false;
    }

    /// <summary>The ustar field of a name moved to PAX: an ASCII stand-in, for readers without PAX support.</summary>
    private static string Truncate(string text, int length)
    {
        var ascii = new StringBuilder(Math.Min(text.Length, length));
        foreach (var c in text)
        {
            if (ascii.Length == length) break;
            ascii.Append(char.IsAscii(c) && c != '\0' ? c : '_');
        }
        return ascii.ToString();
    }

    private static byte TypeFlag(TarEntryType type) => type switch
    {
        TarEntryType.Regular => (byte)'0',
        TarEntryType.HardLink => (byte)'1',
        TarEntryType.Symlink => (byte)'2',
        TarEntryType.CharDevice => (byte)'3',
        TarEntryType.BlockDevice => (byte)'4',
        TarEntryType.Directory => (byte)'5',
        TarEntryType.Fifo => (byte)'6',
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
