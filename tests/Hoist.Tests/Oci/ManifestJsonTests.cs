using System.Text;
using Hoist.Oci;

namespace Hoist.Tests.Oci;

public sealed class ManifestJsonTests
{
    private const string ConfigDigest = "sha256:3fba0c87fcc8ba126bf99e4ee205b43c91ffc6b15bb052315312e71bc6296551";
    private const string LayerDigest = "sha256:4b35f584bb4f2cb5dc68e8d2ab2ff0b0a8d9b7ad5e0ee1a2b25d0b1b3e4d5c6f";
    private const string ManifestDigest = "sha256:5c7a0a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccdde";

    // As a registry serves a Docker schema 2 manifest: three-space indentation, size before digest.
    private const string DockerManifest = """
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1457,
              "digest": "sha256:3fba0c87fcc8ba126bf99e4ee205b43c91ffc6b15bb052315312e71bc6296551"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 2823790,
                 "digest": "sha256:4b35f584bb4f2cb5dc68e8d2ab2ff0b0a8d9b7ad5e0ee1a2b25d0b1b3e4d5c6f"
              }
           ]
        }
        """;

    // An OCI index without mediaType (allowed by image-index.md), with platforms and an annotation.
    private const string OciIndexWithoutMediaType = """
        {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:5c7a0a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccdde","size":7143,"platform":{"architecture":"arm","os":"linux","variant":"v7"}}],"annotations":{"org.opencontainers.image.ref.name":"1.0"}}
        """;

    [Fact]
    public void Docker_schema2_manifest_is_detected_parsed_and_kept_byte_exact()
    {
        var bytes = Encoding.UTF8.GetBytes(DockerManifest);

        var document = StoredDocument.Parse(bytes);

        var stored = Assert.IsType<StoredManifest>(document);
        Assert.Equal(MediaTypes.DockerManifest, stored.MediaType);
        Assert.Equal(Digest.Sha256(bytes), stored.Digest);
        Assert.Equal(DockerManifest, Encoding.UTF8.GetString(stored.Bytes));
        Assert.Equal(MediaTypes.DockerConfig, stored.Manifest.Config.MediaType);
        Assert.Equal(Digest.Parse(ConfigDigest), stored.Manifest.Config.Digest);
        Assert.Equal(1457, stored.Manifest.Config.Size);
        var layer = Assert.Single(stored.Manifest.Layers);
        Assert.Equal(MediaTypes.DockerLayerGzip, layer.MediaType);
        Assert.Equal(2823790, layer.Size);
        Assert.True(MediaTypes.IsLayer(layer.MediaType));
    }

    [Fact]
    public void Index_without_media_type_is_recognised_by_its_manifests()
    {
        var document = StoredDocument.Parse(Encoding.UTF8.GetBytes(OciIndexWithoutMediaType));

        var index = Assert.IsType<StoredIndex>(document);
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Null(index.Index.MediaType);
        var entry = Assert.Single(index.Index.Manifests);
        Assert.Equal(Digest.Parse(ManifestDigest), entry.Digest);
        Assert.Equal("linux/arm/v7", entry.Platform!.ToString());
        Assert.Equal("1.0", index.Index.Annotations!["org.opencontainers.image.ref.name"]);
    }

    [Fact]
    public void Docker_manifest_list_is_an_index()
    {
        var json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}";

        var document = StoredDocument.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(MediaTypes.DockerManifestList, Assert.IsType<StoredIndex>(document).MediaType);
    }

    [Fact]
    public void Schema1_manifests_are_rejected_with_a_clear_message()
    {
        var json = "{\"schemaVersion\":1,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\",\"fsLayers\":[]}";

        var error = Assert.Throws<HoistException>(() => StoredDocument.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("schema 1", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"mediaType\":\"text/plain\"}")]
    public void Invalid_documents_are_user_errors(string json)
    {
        Assert.Throws<HoistException>(() => StoredDocument.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void New_manifest_is_written_compactly_with_spec_field_order_and_unescaped_media_types()
    {
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Parse(ConfigDigest), Size = 12 },
            Layers = [new Descriptor
            {
                MediaType = MediaTypes.OciLayerGzip,
                Digest = Digest.Parse(LayerDigest),
                Size = 34,
                Annotations = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
            }],
        };

        var stored = StoredManifest.Create(manifest);

        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + ConfigDigest + "\",\"size\":12}," +
            "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + LayerDigest + "\",\"size\":34," +
            "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}]}",
            Encoding.UTF8.GetString(stored.Bytes));
        Assert.Equal(Digest.Sha256(stored.Bytes), stored.Digest);
        Assert.Equal(stored.Bytes, StoredManifest.FromBytes(stored.Bytes).Manifest.ToJsonBytes());
    }

    [Fact]
    public void Descriptor_of_a_stored_document_carries_its_exact_size_and_platform()
    {
        var stored = StoredManifest.FromBytes(Encoding.UTF8.GetBytes(DockerManifest));

        var descriptor = stored.ToDescriptor(Platform.Parse("linux/amd64"));

        Assert.Equal(Encoding.UTF8.GetByteCount(DockerManifest), descriptor.Size);
        Assert.Equal(stored.Digest, descriptor.Digest);
        Assert.Equal(MediaTypes.DockerManifest, descriptor.MediaType);
        Assert.Equal("amd64", descriptor.Platform!.Architecture);
    }

    [Fact]
    public void An_index_platform_is_written_with_the_OCI_fields_only()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [new Descriptor
            {
                MediaType = MediaTypes.OciManifest, Digest = Digest.Parse(ManifestDigest), Size = 7143,
                Platform = Platform.Parse("linux/arm/v7"),
            }],
        };

        var json = Encoding.UTF8.GetString(index.ToJsonBytes());

        Assert.Contains("\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}", json, StringComparison.Ordinal);
    }
}
