using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Hoist.Oci;
using Hoist.Registry;


namespace Hoist.IntegrationTests.Registry;

/// <summary>A tiny but valid OCI image built by hand as raw bytes: one gzip layer with one file, a config, a manifest.</summary>
public sealed record TestImage(byte[] Layer, byte[] Config, byte[] Manifest, string Architecture)
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    public Digest LayerDigest => Digest.Sha256(Layer);

    public Digest ConfigDigest => Digest.Sha256(Config);

    public Digest ManifestDigest => Digest.Sha256(Manifest);

    /// <summary>An image whose layer holds <paramref name="fileSize"/> pseudo-random (incompressible) bytes from <paramref name="seed"/>.</summary>
    public static TestImage Create(int seed, int fileSize = 4096, string architecture = "amd64")
    {
        var content = new byte[fileSize];
        new Random(seed).NextBytes(content);
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "data.bin")
            {
                DataStream = new MemoryStream(content),
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }
        var diffId = Digest.Sha256(tar.ToArray());
        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true)) compressor.Write(tar.ToArray());
        var layer = gzip.ToArray();
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"{{{architecture}}}","os":"linux","config":{"Env":["PATH=/usr/bin"]},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{ManifestMediaType}}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Digest.Sha256(config)}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Digest.Sha256(layer)}}}","size":{{{layer.Length}}}}]}
            """);
        return new TestImage(layer, config, manifest, architecture);
    }

    /// <summary>Pushes blobs then the manifest, as a push must (the registry checks that referenced blobs exist).</summary>
    public async Task<Digest> PushAsync(RegistryClient client, ImageReference reference, BlobUploadOptions? options = null)
    {
        await client.UploadBlobAsync(reference, Layer, options, CancellationToken.None);
        await client.UploadBlobAsync(reference, Config, options, CancellationToken.None);
        return await client.PutManifestAsync(reference, Manifest, ManifestMediaType, CancellationToken.None);
    }
}
