using Hoist.Oci;
using Hoist.Registry;
using Hoist.Tests.Content;

namespace Hoist.Tests.Registry;

public sealed class BlobSourcesTests : IDisposable
{
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private static ImageReference Ref(string text) => ImageReference.Parse(text);

    [Fact]
    public async Task Repositories_are_remembered_per_registry_newest_first()
    {
        var sources = new BlobSources(_test.Store);
        var blob = Digest.Sha256("layer"u8);
        var other = Digest.Sha256("other"u8);

        await sources.RecordAsync(Ref("127.0.0.1:5000/a/base:v1"), [blob, other], CancellationToken.None);
        await sources.RecordAsync(Ref("127.0.0.1:5000/b/app:v2"), [blob], CancellationToken.None);
        await sources.RecordAsync(Ref("ghcr.io/org/app:1"), [blob], CancellationToken.None);

        Assert.Equal(["b/app", "a/base"], sources.RepositoriesFor(blob, "127.0.0.1:5000"));
        Assert.Equal(["a/base"], sources.RepositoriesFor(other, "127.0.0.1:5000"));
        Assert.Equal(["org/app"], new BlobSources(_test.Reopen()).RepositoriesFor(blob, "ghcr.io"));
        Assert.Empty(sources.RepositoriesFor(blob, "127.0.0.1:5001"));
    }

    [Fact]
    public async Task Only_a_few_sources_are_kept_per_blob()
    {
        var sources = new BlobSources(_test.Store);
        var blob = Digest.Sha256("layer"u8);

        for (var i = 0; i < 10; i++) await sources.RecordAsync(Ref($"registry.test/repo{i}:v1"), [blob], CancellationToken.None);

        Assert.Equal(["repo9", "repo8", "repo7", "repo6"], sources.RepositoriesFor(blob, "registry.test"));
    }

    [Fact]
    public void A_damaged_record_is_no_sources_not_an_error()
    {
        File.WriteAllText(Path.Combine(_test.Root, "blob-sources.json"), "{ not json");

        Assert.Empty(new BlobSources(_test.Store).RepositoriesFor(Digest.Sha256("x"u8), "registry.test"));
    }
}
