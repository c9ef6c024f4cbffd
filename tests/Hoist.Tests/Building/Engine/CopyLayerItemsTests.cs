using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Building.Engine;
using Hoist.Posix;

namespace Hoist.Tests.Building.Engine;

/// <summary>A context COPY's layer entries take the xattrs of unchanged files from the file-hash index.</summary>
public sealed class CopyLayerItemsTests : IDisposable
{
    private readonly TempTree _tree = new TempTree().File("a.txt", "alpha");
    private readonly string _indexPath = Path.Combine(Path.GetTempPath(), $"hoist-hashes-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _tree.Dispose();
        File.Delete(_indexPath);
    }

    [Fact]
    public async Task The_xattrs_of_a_file_whose_identity_the_index_knows_are_not_listed_again()
    {
        Assert.True(Native.TrySetXattr(_tree.PathOf("a.txt"), "user.k", "v"u8.ToArray()));
        var identity = FileIdentity.Of(_tree.PathOf("a.txt"));
        var index = ContentHashIndex.Load(_indexPath, TimeSpan.FromSeconds(-60));
        await index.ReadAsync(_tree.Root, "a.txt", identity, () => File.OpenRead(_tree.PathOf("a.txt")), CancellationToken.None);
        File.Delete(_tree.PathOf("a.txt")); // listing its xattrs now would find nothing
        var operation = new CopyOperation
        {
            Kind = CopyOperationKind.File, Destination = "/a.txt", SourcePath = "a.txt", SourceKind = FileKind.File, Mode = 0b110_100_100,
            Size = 5, SourceIdentity = identity,
        };

        var items = new CopyLayerItems(_tree.Root, _ => false, _tree.Root, new BuildClock(null, false), index).Convert(new CopyPlan([operation]));

        Assert.Equal("v"u8.ToArray(), Assert.Single(items).Entry.Xattrs["user.k"]);
    }
}
