using System.IO.Compression;
using System.Text;
using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Tests.Analysis;

/// <summary>Builds an in-memory <see cref="AnalysisImage"/> from layers described entry by entry (gzip tars written
/// with the real tar writer), one history entry per layer.</summary>
public sealed class LayeredImage
{
    private readonly List<List<(TarEntry Entry, byte[]? Content)>> _layers = [];
    private string? _user;

    public LayeredImage Layer(Action<LayerBuilder> build)
    {
        var layer = new List<(TarEntry, byte[]?)>();
        build(new LayerBuilder(layer));
        _layers.Add(layer);
        return this;
    }

    public LayeredImage User(string user)
    {
        _user = user;
        return this;
    }

    public AnalysisImage Build(string name = "test")
    {
        var blobs = _layers.Select(Gzip).ToList();
        var descriptors = blobs.Select(b => new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256(b), Size = b.Length }).ToList();
        var config = new ImageConfig
        {
            Architecture = "amd64",
            Os = "linux",
            Created = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            Config = new ContainerConfig { User = _user },
            RootFs = new RootFs { DiffIds = descriptors.Select(d => d.Digest).ToList() },
            History = descriptors.Select((d, i) => new HistoryEntry { CreatedBy = $"RUN layer {i + 1}" }).ToList(),
        };
        return new AnalysisImage(name, Digest.Sha256(Encoding.UTF8.GetBytes(name)), config, descriptors,
            d => new MemoryStream(blobs[descriptors.FindIndex(x => x.Digest == d.Digest)], writable: false));
    }

    /// <summary>The same image, its layers also kept as files under <paramref name="directory"/> (as snapshot layers are).</summary>
    public AnalysisImage BuildWithFiles(string directory, string name = "test")
    {
        var image = Build(name);
        var files = _layers.Select((layer, index) => layer.Select(e => new LayerItem(e.Entry, e.Content is null ? null : Keep(directory, index, e))).ToList()).ToList();
        return image with { Files = d => files[image.Layers.ToList().FindIndex(x => x.Digest == d.Digest)] };
    }

    private static string Keep(string directory, int layer, (TarEntry Entry, byte[]? Content) entry)
    {
        var path = Path.Combine(directory, layer.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Entry.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, entry.Content!);
        return path;
    }

    private static byte[] Gzip(List<(TarEntry Entry, byte[]? Content)> layer)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new PaxTarWriter(gzip, leaveOpen: true))
        {
            foreach (var (entry, content) in layer) tar.WriteEntry(entry, content is null ? null : new MemoryStream(content));
        }
        return buffer.ToArray();
    }

    public sealed class LayerBuilder(List<(TarEntry, byte[]?)> entries)
    {
        public LayerBuilder Dir(string name, int mode = 0x1ED) => Add(new TarEntry { Name = name, Type = TarEntryType.Directory, Mode = mode }, null);

        public LayerBuilder File(string name, string content, int mode = 0x1A4, long uid = 0) => File(name, Encoding.UTF8.GetBytes(content), mode, uid);

        public LayerBuilder File(string name, byte[] content, int mode = 0x1A4, long uid = 0) =>
            Add(new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = mode, Uid = uid, Size = content.Length }, content);

        public LayerBuilder Symlink(string name, string target) =>
            Add(new TarEntry { Name = name, Type = TarEntryType.Symlink, Mode = 0x1FF, LinkTarget = target }, null);

        public LayerBuilder HardLink(string name, string target) =>
            Add(new TarEntry { Name = name, Type = TarEntryType.HardLink, Mode = 0x1ED, LinkTarget = target }, null);

        public LayerBuilder Whiteout(string name)
        {
            var slash = name.LastIndexOf('/');
            return File(slash < 0 ? ".wh." + name : $"{name[..slash]}/.wh.{name[(slash + 1)..]}", "");
        }

        public LayerBuilder Opaque(string directory) => File($"{directory}/.wh..wh..opq", "");

        private LayerBuilder Add(TarEntry entry, byte[]? content)
        {
            entries.Add((entry, content));
            return this;
        }
    }
}
