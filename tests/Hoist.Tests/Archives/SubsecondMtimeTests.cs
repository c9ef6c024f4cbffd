using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>
/// Sub-second mtimes as BuildKit v0.25 treats them: its layers hold whole seconds (truncated, no PAX mtime record),
/// while files keep their nanoseconds on disk, and a layer whose PAX records carry them is unpacked with them, as
/// containerd's applier does.
/// </summary>
public sealed class SubsecondMtimeTests
{
    [Theory]
    [InlineData("1700000000.250000001", 1_700_000_000L, 250_000_001u)]
    [InlineData("1700000000.5", 1_700_000_000L, 500_000_000u)]
    [InlineData("1700000000", 1_700_000_000L, 0u)]
    [InlineData("1700000000.", 1_700_000_000L, 0u)]
    [InlineData("1.1234567899", 1L, 123_456_789u)]
    [InlineData("-1.5", -2L, 500_000_000u)]
    [InlineData("-0.25", -1L, 750_000_000u)]
    public void A_pax_mtime_record_gives_seconds_and_nanoseconds(string record, long seconds, uint nanoseconds)
    {
        var entry = Read(new RawTar().Pax('x', ("mtime", record)).Entry("f").Build());

        Assert.Equal((seconds, nanoseconds), (entry.ModificationTime, entry.ModificationTimeNanoseconds));
    }

    [Theory]
    [InlineData("1.2x")]
    [InlineData("1.-2")]
    [InlineData("x.5")]
    public void A_pax_mtime_that_is_not_a_number_is_refused(string record)
    {
        var error = Assert.Throws<TarFormatException>(() => Read(new RawTar().Pax('x', ("mtime", record)).Entry("f").Build()));

        Assert.Equal($"invalid tar archive: PAX mtime \"{record}\" is not a number", error.Message);
    }

    [Fact]
    public void Applying_a_layer_keeps_the_nanoseconds_of_its_pax_records_on_files_directories_and_symlinks()
    {
        using var tmp = new TempTree();
        var tar = new RawTar()
            .Pax('x', ("mtime", "1700000000.250000001")).Entry("p/", '5', mode: 0x1ED)
            .Pax('x', ("mtime", "1700000001.987654321")).Entry("p/f.txt", content: "f"u8.ToArray())
            .Pax('x', ("mtime", "1700000002.000000003")).Entry("p/link", '2', link: "f.txt")
            .Build();

        LayerApplier.Apply(new MemoryStream(tar), tmp.Dir("root"));

        Assert.Equal((1_700_000_000L, 250_000_001u), Mtime(tmp, "root/p"));
        Assert.Equal((1_700_000_001L, 987_654_321u), Mtime(tmp, "root/p/f.txt"));
        Assert.Equal((1_700_000_002L, 3u), Mtime(tmp, "root/p/link"));
    }

    [Fact]
    public void Nanoseconds_given_beside_a_whole_second_tar_are_set_on_its_files()
    {
        using var tmp = new TempTree();
        var tar = new RawTar().Entry("a.txt", content: "a"u8.ToArray()).Build();
        var options = new LayerApplyOptions { SubsecondMtimes = new Dictionary<string, uint> { ["a.txt"] = 123_456_789 } };

        LayerApplier.Apply(new MemoryStream(tar), tmp.Dir("root"), options);

        Assert.Equal(123_456_789u, Mtime(tmp, "root/a.txt").Nanoseconds);
    }

    [Fact]
    public void A_layer_holds_whole_seconds_truncated_whatever_the_files_nanoseconds()
    {
        using var tmp = new TempTree();
        var file = tmp.File("src/b.txt", "b");
        Native.SetModificationTime(file, 1_700_000_001, 987_654_321);
        Native.SetModificationTime(Path.Combine(tmp.Root, "src"), 1_700_000_000, 999_999_999);

        var layer = new MemoryStream();
        LayerWriter.WriteDirectory(Path.Combine(tmp.Root, "src"), layer, new LayerWriteOptions { Compression = LayerCompression.None });

        var entries = ReadAll(layer.ToArray());
        Assert.Equal([("b.txt", 1_700_000_001L, 0u)], entries.Select(e => (e.Name, e.ModificationTime, e.ModificationTimeNanoseconds)));
        Assert.DoesNotContain("mtime="u8.ToArray(), Windows(layer.ToArray(), 6));
        var walked = new FileTreeEntries(new LayerWriteOptions()).Walk(Path.Combine(tmp.Root, "src"), "").Single();
        Assert.Equal(987_654_321u, walked.Entry.ModificationTimeNanoseconds);
    }

    [Fact]
    public void A_time_rewritten_to_the_epoch_loses_its_nanoseconds()
    {
        var options = new LayerWriteOptions { SourceDateEpoch = 1_600_000_000 };
        var entry = new TarEntry { Name = "f", Type = TarEntryType.Regular, ModificationTime = 1_700_000_000, ModificationTimeNanoseconds = 5 };
        var older = entry with { ModificationTime = 1_500_000_000 };

        Assert.Equal((1_600_000_000L, 0u), Time(options.Rewritten(new LayerItem(entry))));
        Assert.Equal((1_500_000_000L, 5u), Time(options.Rewritten(new LayerItem(older))));
    }

    [Fact]
    public void A_tar_export_rounds_to_the_nearest_second_as_buildkits_does()
    {
        var options = new LayerWriteOptions { RoundToNearestSecond = true };
        TarEntry Entry(uint nanoseconds) => new()
        {
            Name = "f", Type = TarEntryType.Regular, ModificationTime = 1_700_000_001, ModificationTimeNanoseconds = nanoseconds,
        };

        Assert.Equal((1_700_000_002L, 0u), Time(options.Rewritten(new LayerItem(Entry(987_654_321)))));
        Assert.Equal((1_700_000_002L, 0u), Time(options.Rewritten(new LayerItem(Entry(500_000_000)))));
        Assert.Equal((1_700_000_001L, 499_999_999u), Time(options.Rewritten(new LayerItem(Entry(499_999_999)))));
    }

    private static (long, uint) Time(TarEntry entry) => (entry.ModificationTime, entry.ModificationTimeNanoseconds);

    private static (long Seconds, uint Nanoseconds) Mtime(TempTree tmp, string relative)
    {
        var status = Native.LStat(Path.Combine(tmp.Root, relative))!.Value;
        return (status.MtimeSeconds, status.MtimeNanoseconds);
    }

    private static TarEntry Read(byte[] tar) => Assert.Single(ReadAll(tar));

    private static List<TarEntry> ReadAll(byte[] tar)
    {
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.ReadNext() is { } entry) entries.Add(entry);
        return entries;
    }

    private static IEnumerable<byte[]> Windows(byte[] bytes, int length) =>
        Enumerable.Range(0, bytes.Length - length + 1).Select(i => bytes[i..(i + length)]);
}
