using System.Text;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Tests.Registry;

public sealed class PlatformManifestSelectorTests
{
    private static string D(char c) => "sha256:" + new string(c, 64);

    private static readonly byte[] Index = Encoding.UTF8.GetBytes($$$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.index.v1+json",
          "manifests": [
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D('a')}}}","size":100,"platform":{"architecture":"amd64","os":"linux"}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D('b')}}}","size":101,"platform":{"architecture":"arm","os":"linux","variant":"v6"}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D('c')}}}","size":102,"platform":{"architecture":"arm","os":"linux","variant":"v7"}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D('d')}}}","size":103,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{D('e')}}}","size":104,"platform":{"architecture":"unknown","os":"unknown"}},
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"{{{D('f')}}}","size":105,"platform":{"architecture":"amd64","os":"windows","os.version":"10.0"}}
          ]
        }
        """);

    [Theory]
    [InlineData("linux/amd64", 'a', 100L)]
    [InlineData("linux/arm/v6", 'b', 101L)]
    [InlineData("linux/arm/v7", 'c', 102L)]
    [InlineData("linux/arm", 'c', 102L)]
    [InlineData("linux/arm64", 'd', 103L)]
    [InlineData("linux/arm64/v8", 'd', 103L)]
    [InlineData("windows/amd64", 'f', 105L)]
    public void The_matching_platform_is_chosen(string platform, char digest, long size)
    {
        var selected = PlatformManifestSelector.Select(Index, Platform.Parse(platform));

        Assert.NotNull(selected);
        Assert.Equal(D(digest), selected.Digest.ToString());
        Assert.Equal(size, selected.Size);
    }

    [Theory]
    [InlineData("linux/s390x")]
    [InlineData("linux/arm/v5")]
    [InlineData("darwin/amd64")]
    public void A_platform_the_index_lacks_selects_nothing(string platform)
    {
        Assert.Null(PlatformManifestSelector.Select(Index, Platform.Parse(platform)));
    }

    [Fact]
    public void Garbage_is_a_user_error()
    {
        Assert.Throws<HoistException>(() => PlatformManifestSelector.Select("nope"u8, Platform.Parse("linux/amd64")));
    }
}
