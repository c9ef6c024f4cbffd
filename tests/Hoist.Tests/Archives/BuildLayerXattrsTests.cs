using Hoist.Archives;

namespace Hoist.Tests.Archives;

/// <summary>The layers a build writes keep file capabilities and no other extended attribute, as BuildKit's layer differ
/// (containerd's tar writer) does; other layer writers keep every attribute but the host's.</summary>
public sealed class BuildLayerXattrsTests
{
    private static readonly byte[] Capability = [1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static LayerItem File(string name, params (string Name, byte[] Value)[] xattrs) => new(new TarEntry
    {
        Name = name, Type = TarEntryType.Regular, Mode = 0x1ED,
        Xattrs = xattrs.ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal),
    });

    private static Dictionary<string, string[]> Written(LayerWriteOptions options)
    {
        LayerItem[] items =
        [
            File("both", ("security.capability", Capability), ("user.origin", "stage"u8.ToArray())),
            File("noted", ("user.origin", "stage"u8.ToArray()), ("trusted.md5", [7])),
            File("capable", ("security.capability", Capability)),
            File("plain"),
        ];
        var tar = new MemoryStream();
        LayerWriter.Write(items, tar, options with { Compression = LayerCompression.None });
        tar.Position = 0;
        using var reader = new TarArchiveReader(tar);
        var names = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (reader.ReadNext() is { } entry) names[entry.Name] = [.. entry.Xattrs.Keys.Order(StringComparer.Ordinal)];
        return names;
    }

    [Fact]
    public void A_build_layer_keeps_only_the_capability()
    {
        var written = Written(new LayerWriteOptions { OnlyCapabilityXattr = true });

        Assert.Equal(["security.capability"], written["both"]);
        Assert.Empty(written["noted"]);
        Assert.Equal(["security.capability"], written["capable"]);
        Assert.Empty(written["plain"]);
    }

    [Fact]
    public void Other_layers_keep_every_attribute()
    {
        var written = Written(new LayerWriteOptions());

        Assert.Equal(["security.capability", "user.origin"], written["both"]);
        Assert.Equal(["trusted.md5", "user.origin"], written["noted"]);
    }
}
