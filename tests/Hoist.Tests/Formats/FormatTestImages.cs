using Hoist.Content;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Tests.Formats;

/// <summary>Real one-layer images (a true tar layer, so diffIDs hold) made with <see cref="RootfsImporter"/>.</summary>
public static class FormatTestImages
{
    public static readonly DateTimeOffset Created = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static Task<LoadedTestImage> ImportAsync(ContentStore store, string? name, string text = "hello") =>
        ImportRootfsAsync(store, new MemoryStream(TarBuilder.Rootfs(text)), new RootfsImportOptions
        {
            Reference = name is null ? null : ImageReference.Parse(name),
            Created = Created,
            Config = new ContainerConfig { Cmd = ["sh"] },
        });

    public static async Task<LoadedTestImage> ImportRootfsAsync(ContentStore store, Stream rootfs, RootfsImportOptions options) =>
        LoadedTestImage.Of(await RootfsImporter.ImportAsync(store, rootfs, options));

    public static async Task<IReadOnlyList<LoadedTestImage>> LoadAsync(ContentStore store, Stream archive, string name) =>
        [.. (await ImageLoader.LoadAsync(store, archive, name)).Select(LoadedTestImage.Of)];

    public static async Task<IReadOnlyList<LoadedTestImage>> LoadAsync(ContentStore store, string path) =>
        [.. (await ImageLoader.LoadAsync(store, path)).Select(LoadedTestImage.Of)];

    public static async Task<byte[]> SaveAsync(ContentStore store, ImageArchiveFormat format, params string[] names)
    {
        var output = new MemoryStream();
        await ArchiveSink.ToTar(store, output, format).WriteAsync(await new StoreImageSource(store).NamedAsync(names, CancellationToken.None), CancellationToken.None);
        return output.ToArray();
    }

    public static async Task SaveToDirectoryAsync(ContentStore store, string directory, ImageArchiveFormat format, params string[] names) =>
        await ArchiveSink.ToDirectory(store, directory, format).WriteAsync(await new StoreImageSource(store).NamedAsync(names, CancellationToken.None), CancellationToken.None);

    /// <summary>Blob and name state of a store, to show that a failed load changed nothing.</summary>
    public static string Snapshot(ContentStore store) =>
        string.Join(",", store.EnumerateBlobs().Select(b => b.Digest.ToString()).Order(StringComparer.Ordinal))
        + "|" + string.Join(",", store.Names.List().Select(n => n.Reference + "=" + n.Digest))
        + "|" + Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "ingest")).Count();
}
