using System.Globalization;

namespace Hoist.Execution;

/// <summary>One entry of <c>/proc/sys/fs/binfmt_misc</c>, as the kernel prints it.</summary>
public sealed record BinfmtHandler(string Name, bool Enabled, string Interpreter, string Flags, int Offset, byte[] Magic, byte[]? Mask)
{
    /// <summary>The F flag: the kernel opened the interpreter at registration, so it runs inside any container.</summary>
    public bool FixBinary => Flags.Contains('F');

    /// <summary>Reads an entry file; null for extension handlers and anything not in the kernel's format.</summary>
    public static BinfmtHandler? Parse(string name, IEnumerable<string> lines)
    {
        bool enabled = false;
        string interpreter = "", flags = "";
        var offset = 0;
        byte[]? magic = null, mask = null;
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ');
            var (key, value) = space < 0 ? (line, "") : (line[..space].TrimEnd(':'), line[(space + 1)..].Trim());
            switch (key)
            {
                case "enabled": enabled = true; break;
                case "interpreter": interpreter = value; break;
                case "flags": flags = value; break;
                case "offset": offset = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "magic": magic = Convert.FromHexString(value); break;
                case "mask": mask = Convert.FromHexString(value); break;
            }
        }
        return magic is null ? null : new BinfmtHandler(name, enabled, interpreter, flags, offset, magic, mask);
    }

    /// <summary>Whether the kernel would hand a file starting with <paramref name="header"/> to this handler.</summary>
    public bool Matches(ReadOnlySpan<byte> header)
    {
        if (!Enabled || Offset + Magic.Length > header.Length) return false;
        for (var i = 0; i < Magic.Length; i++)
        {
            var mask = Mask is null ? (byte)0xff : Mask[i];
            if ((header[Offset + i] & mask) != (Magic[i] & mask)) return false;
        }
        return true;
    }
}
