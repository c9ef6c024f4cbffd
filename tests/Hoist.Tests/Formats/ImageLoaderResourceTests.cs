using System.IO.Compression;
using Hoist.Archives;
using Hoist.Formats;
using Hoist.Posix;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

/// <summary>
/// <c>hoist load</c> with hostile sizes and untagged images: an archive is staged on disk, never in memory, and an
/// image loaded without a name is kept and found by its ID, as docker does.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class ImageLoaderResourceTests : IDisposable
{
    private readonly TestStore _source = new();
    private readonly TestStore _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task An_archive_of_many_files_is_staged_on_disk_not_held_in_memory()
    {
        const int Files = 300, FileSize = 1 << 20; // 300 MiB of zeros, a few hundred KiB gzipped
        await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var archive = GzippedArchiveWithExtraFiles(await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Docker, "app:1"), Files, FileSize);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var atEnd = new MeasureAtEnd(new MemoryStream(archive));

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, atEnd, "big.tar.gz"));

        Assert.Equal("Loaded image: app:1", loaded.Describe());
        Assert.NotNull(atEnd.LiveBytesAtEnd);
        var growth = atEnd.LiveBytesAtEnd!.Value - before;
        Assert.True(growth < 64L << 20, $"{growth >> 20} MiB live once the archive was read: its files were held in memory");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_target.Root, "ingest"))); // staging removed
    }

    [Fact]
    public async Task An_untagged_docker_archive_is_kept_and_found_by_its_id()
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var saved = await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Docker, "app:1");
        var tar = TarBuilder.Rewrite(saved, (name, content) => name switch
        {
            // docker save of an image given by ID: no RepoTags, no OCI index naming it
            "manifest.json" => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(content).Replace("\"app:1\"", "")),
            "index.json" or "repositories" => null,
            _ => content,
        });

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(tar), "untagged.tar"));

        Assert.Equal($"Loaded image ID: {image.Id}", loaded.Describe());
        foreach (var name in new[] { image.Id.ToString(), image.Id.Hex, image.Id.Hex[..12], "sha256:" + image.Id.Hex[..12] })
        {
            Assert.Equal(image.Id, (await _target.Store.ResolveImageAsync(name)).Id);
        }
        Assert.Equal([loaded.Target], _target.Store.Names.ListUntagged());
        await _target.Store.CollectGarbageAsync();
        Assert.Equal(image.Id, (await _target.Store.ResolveImageAsync(image.Id.Hex[..12])).Id); // an image, not garbage
    }

    [Fact]
    public async Task Tagging_an_untagged_image_makes_it_a_named_one()
    {
        var image = await FormatTestImages.ImportAsync(_target.Store, name: null);
        Assert.Equal([image.Target], _target.Store.Names.ListUntagged());

        await _target.Store.Names.SetAsync(Hoist.Oci.ImageReference.Parse("app:2"), image.Target);

        Assert.Empty(_target.Store.Names.ListUntagged());
        Assert.Equal(image.Id, (await _target.Store.ResolveImageAsync("app:2")).Id);
    }

    [Fact]
    public void A_dead_import_s_staging_directory_is_swept_when_the_store_opens()
    {
        var stale = Directory.CreateDirectory(Path.Combine(_target.Root, "ingest", "staging-dead"));
        File.WriteAllBytes(Path.Combine(stale.FullName, "1.staged"), new byte[10]);
        Directory.SetLastWriteTimeUtc(stale.FullName, DateTime.UtcNow.AddMinutes(-5));
        using var live = _target.Store.CreateStagingDirectory();
        Directory.SetLastWriteTimeUtc(live.Path, DateTime.UtcNow.AddMinutes(-5));

        Hoist.Content.ContentStore.Open(_target.Root);

        Assert.False(Directory.Exists(stale.FullName));
        Assert.True(Directory.Exists(live.Path)); // locked by this process: a live import
    }

    private static byte[] GzippedArchiveWithExtraFiles(byte[] dockerArchive, int files, int fileSize)
    {
        var zeros = new byte[fileSize];
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new PaxTarWriter(gzip, leaveOpen: true))
        {
            for (var i = 0; i < files; i++)
            {
                writer.WriteEntry(new TarEntry { Name = $"junk/{i}", Type = TarEntryType.Regular, Mode = 0x1A4, Size = fileSize }, new MemoryStream(zeros));
            }
            foreach (var (name, content) in TarBuilder.ReadFiles(dockerArchive))
            {
                writer.WriteEntry(new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = content.Length }, new MemoryStream(content));
            }
        }
        return output.ToArray();
    }

    /// <summary>Reads through; once the last bytes are handed out (every junk file staged) notes the live managed memory.</summary>
    private sealed class MeasureAtEnd(MemoryStream inner) : ReadOnlyStream
    {
        public long? LiveBytesAtEnd { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            if (inner.Position == inner.Length && LiveBytesAtEnd is null) LiveBytesAtEnd = GC.GetTotalMemory(forceFullCollection: true);
            return read;
        }
    }
}
