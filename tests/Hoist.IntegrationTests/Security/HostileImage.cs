using System.IO.Compression;
using System.Text;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.IntegrationTests.Security;

/// <summary>
/// Crafted images written straight into a store, bypassing every check on the way in: a base image's layers plus
/// layers made from tar entries, each with the diffID its content really has, or a lie.
/// </summary>
internal static class HostileImage
{
    public static (TarEntry, byte[]?) File(string name, string content = "") =>
        (new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = Encoding.UTF8.GetByteCount(content) }, Encoding.UTF8.GetBytes(content));

    public static (TarEntry, byte[]?) Symlink(string name, string target) =>
        (new TarEntry { Name = name, Type = TarEntryType.Symlink, Mode = 0x1FF, LinkTarget = target }, null);

    public static (TarEntry, byte[]?) HardLink(string name, string target) =>
        (new TarEntry { Name = name, Type = TarEntryType.HardLink, Mode = 0x1A4, LinkTarget = target }, null);

    public static (TarEntry, byte[]?) Device(string name, long major, long minor) =>
        (new TarEntry { Name = name, Type = TarEntryType.BlockDevice, Mode = 0x1B6, DeviceMajor = major, DeviceMinor = minor }, null);

    /// <summary>An uncompressed layer tar holding <paramref name="entries"/> in order.</summary>
    public static byte[] Layer(params (TarEntry Entry, byte[]? Content)[] entries)
    {
        var tar = new MemoryStream();
        using (var writer = new PaxTarWriter(tar, leaveOpen: true))
        {
            foreach (var (entry, content) in entries) writer.WriteEntry(entry, content is null ? null : new MemoryStream(content));
        }
        return tar.ToArray();
    }

    /// <summary>
    /// Stores an image named <paramref name="name"/>: the layers of <paramref name="baseName"/> (if any), then
    /// <paramref name="layers"/> gzipped. <paramref name="claimedDiffIds"/> replaces the real diffIDs of the new layers.
    /// </summary>
    public static async Task WriteAsync(string storeRoot, string name, string? baseName, IReadOnlyList<byte[]> layers,
        IReadOnlyList<Digest>? claimedDiffIds = null)
    {
        var store = ContentStore.Open(storeRoot);
        var blobs = new List<Descriptor>();
        var diffIds = new List<Digest>();
        if (baseName is not null)
        {
            var image = await store.ResolveImageAsync(baseName);
            blobs.AddRange(image.Manifest.Manifest.Layers);
            diffIds.AddRange(image.Config.Config.RootFs.DiffIds);
        }
        for (var i = 0; i < layers.Count; i++)
        {
            var gzip = new MemoryStream();
            using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true)) compressor.Write(layers[i]);
            var blob = await store.WriteAsync(gzip.ToArray());
            blobs.Add(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = blob.Digest, Size = blob.Size });
            diffIds.Add(claimedDiffIds?[i] ?? Digest.Sha256(layers[i]));
        }
        var config = StoredConfig.Create(new ImageConfig
        {
            Architecture = Platform.Host.Architecture,
            Os = Platform.Host.Os,
            RootFs = new RootFs { DiffIds = diffIds },
            Config = new ContainerConfig { Env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"] },
        });
        await store.WriteAsync(config);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = config.ToDescriptor(MediaTypes.OciConfig),
            Layers = blobs,
        });
        await store.WriteAsync(manifest);
        await store.Names.SetAsync(ImageReference.Parse(name), manifest.Digest);
    }

    /// <summary>Every path under <paramref name="directory"/> with its type, device numbers and xattrs.</summary>
    public static SortedDictionary<string, string> Describe(string directory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            var status = Native.LStat(path)!.Value;
            var xattrs = string.Join(",", Native.ListXattrs(path).Select(x => x.Key + "=" + Convert.ToHexString(x.Value)));
            result[Path.GetRelativePath(directory, path)] = $"{Convert.ToString(status.Mode, 8)} {status.RdevMajor}/{status.RdevMinor} {xattrs}";
        }
        result["."] = string.Join(",", Native.ListXattrs(directory).Select(x => x.Key));
        return result;
    }
}
