using Hoist.Analysis;
using Hoist.Archives;

namespace Hoist.Tests.Analysis;

/// <summary>The binary form of a layer record: everything a record holds comes back, damage is an error, not a record.</summary>
public sealed class LayerRecordFormatTests
{
    private static readonly LayerRecord Sample = new()
    {
        TarSize = 380_966_400,
        ContentSize = 372_632_859,
        Entries =
        [
            new RecordedEntry { Name = ".", Type = TarEntryType.Directory, Mode = 0x1ED },
            new RecordedEntry { Name = "./usr/bin", Type = TarEntryType.Directory, Mode = 0x1ED, Uid = 0, Gid = 0 },
            new RecordedEntry { Name = "./usr/bin/passwd", Type = TarEntryType.Regular, Mode = 0xFED, Size = 68_248 },
            new RecordedEntry { Name = "./usr/bin/cc", Type = TarEntryType.Symlink, Mode = 0x1FF, LinkTarget = "/etc/alternatives/cc" },
            new RecordedEntry { Name = "./usr/bin/c++", Type = TarEntryType.HardLink, Mode = 0x1ED, LinkTarget = "./usr/bin/cc" },
            new RecordedEntry { Name = "./home/jürgen/naïve ✓", Type = TarEntryType.Regular, Mode = 0x1A4, Uid = 4_294_967_294, Gid = 70_000, Size = long.MaxValue },
            new RecordedEntry { Name = "./home/.wh.old", Type = TarEntryType.Regular },
            new RecordedEntry { Name = "./dev/null", Type = TarEntryType.CharDevice, Mode = 0x1B6 },
            new RecordedEntry
            {
                Name = "./var/lib/dpkg/status", Type = TarEntryType.Regular, Mode = 0x1A4, Size = 32_625,
                Evidence =
                [
                    new PackagesEvidence([new SoftwarePackage("deb", "gcc-12", "12.2.0-14", "/var/lib/dpkg/status") { Architecture = "amd64", SourceName = "gcc" }]),
                    new OsReleaseEvidence("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
                    new SecretEvidence(FindingKind.PrivateKey, "OpenSSH private key"),
                ],
            },
            new RecordedEntry { Name = "./var", Type = TarEntryType.Directory, Mode = 0x1ED },
        ],
    };

    private static byte[] Bytes(LayerRecord record)
    {
        using var stream = new MemoryStream();
        LayerRecordFormat.Write(stream, record);
        return stream.ToArray();
    }

    private static string Json(LayerRecord record) => System.Text.Json.JsonSerializer.Serialize(record, AnalysisJsonContext.Default.LayerRecord);

    [Fact]
    public void A_record_read_back_is_the_record_written()
    {
        var read = LayerRecordFormat.Read(Bytes(Sample));

        Assert.Equal(Json(Sample), Json(read));
        Assert.Equal(Sample.Entries.Select(e => e.Name), read.Entries.Select(e => e.Name));
        Assert.IsType<SecretEvidence>(read.Entries[8].Evidence![2]);
    }

    [Fact]
    public void Names_sharing_a_directory_are_stored_once_and_the_record_is_a_fraction_of_its_json()
    {
        var entries = Enumerable.Range(0, 1000).Select(i => new RecordedEntry
        {
            Name = $"./usr/lib/x86_64-linux-gnu/perl/5.36.0/auto/module{i:D4}.so", Type = TarEntryType.Regular, Mode = 0x1A4, Size = 1000 + i,
        }).ToList();
        var record = new LayerRecord { TarSize = 1, ContentSize = 2, Entries = entries };

        var size = Bytes(record).Length;

        Assert.True(size < 20 * entries.Count, $"{size} bytes");
        Assert.True(size * 5 < Json(record).Length, $"{size} bytes against {Json(record).Length} of JSON");
    }

    [Fact]
    public void A_record_cut_anywhere_is_not_read()
    {
        var bytes = Bytes(Sample);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => LayerRecordFormat.Read(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void A_damaged_record_is_an_error_or_a_record_never_another_exception()
    {
        var bytes = Bytes(Sample);
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[random.Next(4, damaged.Length)] = (byte)random.Next(256);
            try
            {
                LayerRecordFormat.Read(damaged);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Theory]
    [InlineData("HLR1")]
    [InlineData("{\"tarSize\":1,\"contentSize\":0,\"entries\":[]}")]
    [InlineData("")]
    public void Bytes_of_another_shape_are_not_a_record(string text) =>
        Assert.Throws<InvalidDataException>(() => LayerRecordFormat.Read(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Bytes_after_the_last_entry_are_not_a_record() =>
        Assert.Throws<InvalidDataException>(() => LayerRecordFormat.Read([.. Bytes(Sample), 0]));
}
