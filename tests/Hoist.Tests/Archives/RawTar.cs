using System.Text;

namespace Hoist.Tests.Archives;

/// <summary>Builds tar bytes by hand, including malformed ones, for reader and safety tests.</summary>
internal sealed class RawTar
{
    private readonly MemoryStream _data = new();

    public RawTar Entry(string name, char type = '0', byte[]? content = null, string link = "", int mode = 0x1A4,
        string magic = "ustar\u000000", byte[]? sizeField = null, long? size = null, int devMajor = 0, int devMinor = 0, bool badChecksum = false)
    {
        content ??= [];
        var header = new byte[512];
        Encoding.UTF8.GetBytes(name.Length > 100 ? name[..100] : name).CopyTo(header, 0);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        if (sizeField is not null) sizeField.CopyTo(header, 124);
        else Octal(header, 124, 12, size ?? content.Length);
        Octal(header, 136, 12, 1_700_000_000);
        header[156] = (byte)type;
        Encoding.UTF8.GetBytes(link).CopyTo(header, 157);
        Encoding.ASCII.GetBytes(magic).CopyTo(header, 257);
        Octal(header, 329, 8, devMajor);
        Octal(header, 337, 8, devMinor);
        for (var i = 148; i < 156; i++) header[i] = (byte)' ';
        var sum = header.Sum(b => (long)b) + (badChecksum ? 1 : 0);
        Octal(header, 148, 7, sum);
        _data.Write(header);
        _data.Write(content);
        var padding = (512 - content.Length % 512) % 512;
        _data.Write(new byte[padding]);
        return this;
    }

    public RawTar Pax(char type, params (string Key, string Value)[] records)
    {
        var body = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var rest = $" {key}={value}\n";
            var length = Encoding.UTF8.GetByteCount(rest) + 1;
            while (length != Encoding.UTF8.GetByteCount(rest) + length.ToString().Length) length++;
            body.Append(length).Append(rest);
        }
        return Entry("pax", type, Encoding.UTF8.GetBytes(body.ToString()));
    }

    public RawTar Raw(byte[] bytes)
    {
        _data.Write(bytes);
        return this;
    }

    public byte[] Build(bool end = true)
    {
        if (end) _data.Write(new byte[1024]);
        return _data.ToArray();
    }

    public static void Octal(byte[] header, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        header[offset + length - 1] = 0;
    }
}
