using Hoist.Oci;

namespace Hoist.Execution;

/// <summary>
/// What an ELF executable of a platform starts with, and the name QEMU (and Debian's binfmt files) give that
/// architecture: enough to ask binfmt_misc whether a handler would run it.
/// </summary>
public sealed record ElfMachine(string QemuName, bool Is64Bit, bool BigEndian, ushort Machine)
{
    /// <summary>The ELF machine of a Linux platform's programs, or null when Hoist knows of no emulator for it.</summary>
    public static ElfMachine? For(Platform platform) => PlatformMatcher.Normalize(platform).Architecture switch
    {
        "amd64" => new("x86_64", true, false, 0x3e),
        "386" => new("i386", false, false, 0x03),
        "arm64" => new("aarch64", true, false, 0xb7),
        "arm" => new("arm", false, false, 0x28),
        "ppc64le" => new("ppc64le", true, false, 0x15),
        "s390x" => new("s390x", true, true, 0x16),
        "riscv64" => new("riscv64", true, false, 0xf3),
        "mips64le" => new("mips64el", true, false, 0x08),
        "loong64" => new("loongarch64", true, false, 0x102),
        _ => null,
    };

    /// <summary>The first 20 bytes of an executable (ET_EXEC) of this machine: what binfmt_misc magic is matched against.</summary>
    public byte[] Header()
    {
        var header = new byte[20];
        header[0] = 0x7f; header[1] = (byte)'E'; header[2] = (byte)'L'; header[3] = (byte)'F';
        header[4] = (byte)(Is64Bit ? 2 : 1);
        header[5] = (byte)(BigEndian ? 2 : 1);
        header[6] = 1; // EV_CURRENT
        WriteHalf(header, 16, 2); // e_type ET_EXEC
        WriteHalf(header, 18, Machine);
        return header;
    }

    private void WriteHalf(byte[] buffer, int offset, ushort value)
    {
        buffer[offset + (BigEndian ? 1 : 0)] = (byte)value;
        buffer[offset + (BigEndian ? 0 : 1)] = (byte)(value >> 8);
    }
}
