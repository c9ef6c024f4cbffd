using System.Text.Json.Serialization;
using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>A JSON cache file: round trip, and anything unreadable is absent rather than an error.</summary>
public sealed partial class CacheFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-cachefile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed record Entry(string Name, int Count);

    [JsonSerializable(typeof(Entry))]
    private sealed partial class Json : JsonSerializerContext;

    [Fact]
    public void What_is_written_reads_back_and_parent_directories_are_made()
    {
        var path = Path.Combine(_dir, "a", "b", "entry.json");

        CacheFile.TryWrite(path, new Entry("x", 3), Json.Default.Entry);

        Assert.Equal(new Entry("x", 3), CacheFile.TryRead(path, Json.Default.Entry));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{\"Name\":\"x\",\"Cou")]
    [InlineData("[1,2]")]
    public void A_missing_torn_or_foreign_file_is_absent(string? content)
    {
        var path = Path.Combine(_dir, "entry.json");
        if (content is not null) File.WriteAllText(path, content);

        Assert.Null(CacheFile.TryRead(path, Json.Default.Entry));
    }

    [Fact]
    public void A_write_that_cannot_happen_is_dropped_silently()
    {
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");

        CacheFile.TryWrite(Path.Combine(blocker, "entry.json"), new Entry("x", 1), Json.Default.Entry);

        Assert.True(File.Exists(blocker));
    }
}
