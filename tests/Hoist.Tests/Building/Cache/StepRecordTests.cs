using Hoist.Building.Cache.Misses;
using Hoist.Building.Copy;
using Hoist.Oci;

namespace Hoist.Tests.Building.Cache;

/// <summary>Step records as text and the reasons drawn from two of them, without an engine.</summary>
public sealed class StepRecordTests
{
    private static readonly Digest Key = Digest.Parse("sha256:" + new string('1', 64));
    private static readonly Digest Parent = Digest.Parse("sha256:" + new string('2', 64));

    private static StepRecord Record(IReadOnlyCollection<CopyEntryFingerprint> files, string @base = "scratch") => new()
    {
        Key = Key,
        Parent = Parent,
        Base = @base,
        Instruction = ValueFingerprint.Of("COPY . /"),
        Inputs = new Dictionary<string, string> { ["build arg V"] = ValueFingerprint.Of("1"), ["stage my build"] = "x" },
        Files = files.Count == 0 ? null : FileSummary.From(files),
    };

    private static List<CopyEntryFingerprint> Files(int count) => [.. Enumerable.Range(0, count).Select(i => new CopyEntryFingerprint($"d/f{i}\n%0A", (ulong)i))];

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(FileSummary.NamedLimit + 1)]
    public void A_record_reads_back_as_written(int files)
    {
        var record = Record(Files(files));

        var read = StepRecordFormat.Read(StepRecordFormat.Write(record))!;

        Assert.Equal(record.Key, read.Key);
        Assert.Equal(record.Parent, read.Parent);
        Assert.Equal(record.Inputs, read.Inputs);
        Assert.Equal(record.Files?.Named, read.Files?.Named);
        Assert.Equal(record.Files?.Hashed, read.Files?.Hashed);
        Assert.Equal(StepRecordFormat.Write(record), StepRecordFormat.Write(read));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hoist step record 1\nkey sha256:00\n")]
    [InlineData("garbage\n")]
    public void A_torn_or_foreign_record_reads_as_absent(string text) => Assert.Null(StepRecordFormat.Read(text));

    [Fact]
    public void A_record_cut_short_reads_as_absent()
    {
        var text = StepRecordFormat.Write(Record(Files(5)));

        Assert.Null(StepRecordFormat.Read(text[..^1]));
        Assert.Null(StepRecordFormat.Read(text[..(text.LastIndexOf("d/f3", StringComparison.Ordinal) - 17)]));
    }

    [Fact]
    public void Files_beyond_the_hashed_limit_are_counted_not_kept_and_a_change_says_only_files_changed()
    {
        var many = Files(FileSummary.HashedLimit + 1);
        var summary = FileSummary.From(many);

        Assert.Null(summary.Named);
        Assert.Null(summary.Hashed);
        Assert.Equal("files changed", FileSummary.Compare(summary, many).Render());
    }

    [Fact]
    public void The_reason_lists_every_difference_parent_last()
    {
        var previous = Record([new("a.js", 1)]);
        var current = previous with
        {
            Key = Parent,
            Parent = Key,
            Instruction = "other",
            Inputs = new Dictionary<string, string> { ["build arg V"] = ValueFingerprint.Of("2"), ["env X"] = "y" },
        };

        var reason = MissReason.Explain(previous, current, [new("a.js", 2)], parentStep: 4);

        Assert.Equal("instruction changed, build arg V changed, env X added, stage my build removed, a.js changed, parent step #4 changed", reason);
    }

    [Fact]
    public void Nothing_to_name_still_gives_a_reason()
    {
        var record = Record([]);

        Assert.Equal("inputs changed", MissReason.Explain(record, record with { Key = Parent }, [], parentStep: null));
        Assert.Equal("stage start changed", MissReason.Explain(record, record with { Key = Parent, Parent = Key }, [], parentStep: null));
    }
}
