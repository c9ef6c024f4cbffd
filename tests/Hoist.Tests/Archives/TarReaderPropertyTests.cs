using System.Text;
using CsCheck;
using Hoist.Archives;

namespace Hoist.Tests.Archives;

/// <summary>
/// Layer tars come from registries and archives nobody vouches for: whatever bytes a valid tar is mutated into, reading
/// every entry and all of its content either succeeds or fails with <see cref="TarFormatException"/>, never another
/// exception and never an endless read.
/// </summary>
public sealed class TarReaderPropertyTests
{
    private static readonly byte[] Valid = new RawTar()
        .Pax('x', ("path", "dir/" + new string('p', 120)), ("mtime", "1700000000.5"), ("SCHILY.xattr.user.a", "v"))
        .Entry("ignored", content: Encoding.UTF8.GetBytes("pax-named file"))
        .Entry("././@LongLink", 'L', Encoding.UTF8.GetBytes(new string('n', 200) + "\0"))
        .Entry("short", content: new byte[700])
        .Entry("dir/", '5')
        .Entry("link", '2', link: "../../etc/passwd")
        .Entry("hard", '1', link: "short")
        .Entry("fifo", '6')
        .Entry("dev", '3', devMajor: 8, devMinor: 1)
        .Entry("big", content: Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray())
        .Build();

    /// <summary>Overwrites (offset, byte) and an optional cut of the valid archive.</summary>
    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte).Array[1, 12].Select(Gen.Int[0, Valid.Length + 100])
            .Select(t =>
            {
                var bytes = (byte[])Valid.Clone();
                foreach (var (offset, value) in t.Item1) bytes[offset] = value;
                return t.Item2 < bytes.Length ? bytes[..t.Item2] : bytes;
            });

    [Fact]
    public void Reading_a_mutated_tar_only_ever_throws_TarFormatException()
    {
        Mutated.Sample(bytes =>
        {
            try
            {
                ReadAll(bytes);
            }
            catch (TarFormatException)
            {
                // a one-line refusal of a broken archive
            }
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Headers_of_random_bytes_only_ever_throw_TarFormatException()
    {
        Gen.Byte.Array[512, 2048].Sample(bytes =>
        {
            try
            {
                ReadAll(bytes);
            }
            catch (TarFormatException)
            {
            }
        }, iter: 5_000, threads: 1);
    }

    private static void ReadAll(byte[] bytes)
    {
        using var reader = new TarArchiveReader(new MemoryStream(bytes));
        var buffer = new byte[4096];
        // An archive of n bytes cannot hold more than n / 512 entries: more would mean the reader loops.
        for (var entries = 0; reader.ReadNext() is { } entry; entries++)
        {
            Assert.True(entries <= bytes.Length / 512, "more entries than header blocks");
            if (entry.Type != TarEntryType.Regular) continue;
            using var content = reader.OpenContent();
            while (content.Read(buffer) > 0)
            {
            }
        }
    }
}
