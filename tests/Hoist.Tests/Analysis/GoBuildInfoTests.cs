using System.Text;
using Hoist.Analysis.Sbom;

namespace Hoist.Tests.Analysis;

/// <summary>Go build info as the Go 1.18+ linker lays it out (debug/buildinfo), found in a stream at an aligned offset.</summary>
public sealed class GoBuildInfoTests
{
    private const string Modules =
        "path\texample.com/hello\nmod\texample.com/hello\t(devel)\t\ndep\tgolang.org/x/text\tv0.14.0\th1:abc=\n"
        + "dep\texample.com/greet\tv1.2.3\t\n=>\t./greet\t(devel)\t\nbuild\t-compiler=gc\n";

    /// <summary>Header, pointer size 8, flags "inline strings", padding to 32 bytes, then varint-prefixed strings; the
    /// module info between the linker's 16-byte sentinels.</summary>
    private static byte[] Header(string version, string modules)
    {
        var data = new List<byte>(GoBuildInfo.Magic.ToArray()) { 8, 0x2 };
        data.AddRange(new byte[16]);
        AddString(data, Encoding.UTF8.GetBytes(version));
        var sentinel = new byte[16];
        AddString(data, [.. sentinel, .. Encoding.UTF8.GetBytes(modules), .. sentinel]);
        return [.. data];
    }

    private static void AddString(List<byte> data, byte[] value)
    {
        var length = (ulong)value.Length;
        while (length >= 0x80)
        {
            data.Add((byte)(length | 0x80));
            length >>= 7;
        }
        data.Add((byte)length);
        data.AddRange(value);
    }

    [Fact]
    public void The_module_list_is_read_with_replacements()
    {
        var info = GoBuildInfo.TryParse(Header("go1.21.5", Modules), out var complete);

        Assert.True(complete);
        Assert.NotNull(info);
        Assert.Equal("go1.21.5", info.GoVersion);
        Assert.Equal("example.com/hello", info.Path);
        Assert.Equal(new GoModule("example.com/hello", "(devel)", ""), info.Main);
        Assert.Equal(["golang.org/x/text v0.14.0", "example.com/greet v1.2.3 => ./greet"],
            info.Dependencies.Select(d => $"{d.Path} {d.Version}{(d.Replacement is { } r ? $" => {r.Path}" : "")}"));
    }

    [Fact]
    public void The_header_is_found_at_an_aligned_offset_past_an_unaligned_copy_of_the_magic_and_across_buffer_ends()
    {
        var decoy = new byte[70_000];
        GoBuildInfo.Magic.CopyTo(decoy.AsSpan(1001)); // a program reading build info has the magic as a constant
        var header = Header("go1.22.0", Modules + new string('x', 3000));
        var file = new byte[200_000];
        decoy.CopyTo(file, 0);
        header.CopyTo(file, 131_072 - 16); // aligned, and straddling the scanner's small test window

        var info = GoBuildInfo.Find(new MemoryStream(file), window: 4096 + 512);

        Assert.Equal("go1.22.0", info?.GoVersion);
    }

    [Fact]
    public void A_binary_with_pointer_strings_from_before_go_1_18_or_without_build_info_gives_nothing()
    {
        var old = Header("go1.16", Modules);
        old[15] = 0;
        Assert.Null(GoBuildInfo.Find(new MemoryStream(old)));
        Assert.Null(GoBuildInfo.Find(new MemoryStream(new byte[100_000])));
    }
}
