using Xunit;
using System.Security.Cryptography;
using System.Text;
using Hoist.Archives;

namespace Hoist.Tests.Archives;

public sealed class TarRoundTripTests
{
    // A real v2 security.capability value (cap_net_raw+ep): binary with NULs and high bytes.
    internal static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    private static List<(TarEntry Entry, byte[] Content)> ReadAll(byte[] tar)
    {
        var result = new List<(TarEntry, byte[])>();
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        while (reader.ReadNext() is { } entry)
        {
            var content = new MemoryStream();
            if (entry.Type == TarEntryType.Regular) reader.OpenContent().CopyTo(content);
            result.Add((entry, content.ToArray()));
        }
        return result;
    }

    private static byte[] Write(params (TarEntry Entry, byte[]? Content)[] entries)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var (entry, content) in entries) writer.WriteEntry(entry, content is null ? null : new MemoryStream(content));
        }
        return output.ToArray();
    }

    public static TheoryData<string> Names => new()
    {
        "short",
        "dir/with/nested/file.txt",
        new string('a', 100),
        string.Join('/', Enumerable.Repeat("segment-of-twenty-ch", 10)),
        new string('b', 300),
        "ünïcödé/名前.txt",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Names_of_any_length_and_charset_round_trip(string name)
    {
        var entry = new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = 3, ModificationTime = 1_600_000_000 };
        var (read, content) = Assert.Single(ReadAll(Write((entry, "abc"u8.ToArray()))));
        Assert.Equal(name, read.Name);
        Assert.Equal("abc", Encoding.ASCII.GetString(content));
    }

    [Fact]
    public void Every_entry_type_round_trips_with_all_metadata()
    {
        var xattrs = new Dictionary<string, byte[]> { ["security.capability"] = Capability, ["user.comment"] = "x=y\n z"u8.ToArray() };
        var longTarget = "/opt/" + new string('t', 200);
        var data = RandomNumberGenerator.GetBytes(70_000);
        var entries = new (TarEntry, byte[]?)[]
        {
            (new TarEntry { Name = "bin", Type = TarEntryType.Directory, Mode = 0x1ED | 0x200, Uid = 0, Gid = 0, ModificationTime = 1 }, null),
            (new TarEntry { Name = "bin/ping", Type = TarEntryType.Regular, Mode = 0x9ED, Uid = 3_000_000, Gid = 5_000_000, UserName = "a-user-name-that-is-longer-than-32-bytes", GroupName = "grp", Size = data.Length, ModificationTime = 1_700_000_123, Xattrs = xattrs }, data),
            (new TarEntry { Name = "bin/setgid", Type = TarEntryType.Regular, Mode = 0x5ED, ModificationTime = 2 }, null),
            (new TarEntry { Name = "bin/hard", Type = TarEntryType.HardLink, LinkTarget = "bin/ping", ModificationTime = 3 }, null),
            (new TarEntry { Name = "bin/sym", Type = TarEntryType.Symlink, LinkTarget = longTarget, Mode = 0x1FF, ModificationTime = 4 }, null),
            (new TarEntry { Name = "dev/null", Type = TarEntryType.CharDevice, Mode = 0x1B6, DeviceMajor = 1, DeviceMinor = 3 }, null),
            (new TarEntry { Name = "dev/sda", Type = TarEntryType.BlockDevice, Mode = 0x1B0, DeviceMajor = 8, DeviceMinor = 3_000_000 }, null),
            (new TarEntry { Name = "run/fifo", Type = TarEntryType.Fifo, Mode = 0x180 }, null),
            (new TarEntry { Name = "old", Type = TarEntryType.Regular, Mode = 0x1A4, ModificationTime = -5 }, null),
        };
        var read = ReadAll(Write(entries));
        Assert.Equal(entries.Length, read.Count);
        for (var i = 0; i < entries.Length; i++)
        {
            var expected = entries[i].Item1;
            var (actual, content) = read[i];
            Assert.Equal(expected with { Xattrs = TarEntry.EmptyXattrs }, actual with { Xattrs = TarEntry.EmptyXattrs });
            Assert.Equal(expected.Xattrs.Count, actual.Xattrs.Count);
            foreach (var (key, value) in expected.Xattrs) Assert.Equal(value, actual.Xattrs[key]);
            Assert.Equal(entries[i].Item2 ?? [], content);
        }
    }

    [Fact]
    public void Sizes_beyond_the_octal_field_use_pax()
    {
        var entry = new TarEntry { Name = "huge", Type = TarEntryType.Regular, Size = 9L << 30 };
        var output = new MemoryStream();
        var writer = new PaxTarWriter(output);
        Assert.Throws<HoistException>(() => writer.WriteEntry(entry, new MemoryStream(new byte[10])));
        using var reader = new TarArchiveReader(new MemoryStream(output.ToArray()));
        Assert.Equal(9L << 30, reader.ReadNext()!.Size);
    }

    [Fact]
    public void Same_entries_give_identical_bytes_with_sorted_pax_records()
    {
        TarEntry Entry() => new()
        {
            Name = new string('n', 150) + "/" + new string('m', 120),
            Type = TarEntryType.Regular,
            Xattrs = new Dictionary<string, byte[]> { ["user.b"] = [1], ["user.a"] = [2], ["security.capability"] = Capability },
        };
        var first = Write((Entry(), null));
        var second = Write((Entry(), null));
        Assert.Equal(first, second);
        var text = Encoding.Latin1.GetString(first);
        Assert.True(text.IndexOf("SCHILY.xattr.security", StringComparison.Ordinal) < text.IndexOf("SCHILY.xattr.user.a", StringComparison.Ordinal));
        Assert.DoesNotContain(Environment.ProcessId.ToString() + "/", text);
    }

    [Fact]
    public void Writer_refuses_names_with_nul_and_content_that_is_too_short()
    {
        var writer = new PaxTarWriter(new MemoryStream());
        Assert.Throws<HoistException>(() => writer.WriteEntry(new TarEntry { Name = "a\0b", Type = TarEntryType.Regular }));
        Assert.Throws<HoistException>(() => writer.WriteEntry(new TarEntry { Name = "short", Type = TarEntryType.Regular, Size = 10 }, new MemoryStream(new byte[3])));
    }
}
