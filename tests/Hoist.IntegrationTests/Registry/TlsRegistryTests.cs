using Hoist.Oci;
using Hoist.Registry;


namespace Hoist.IntegrationTests.Registry;

/// <summary>An insecure (loopback) registry that speaks TLS with a self-signed certificate is used over HTTPS.</summary>
public sealed class TlsRegistryTests
{
    [RegistryFact]
    public async Task A_loopback_registry_with_a_self_signed_certificate_is_used_over_https()
    {
        await using var server = await RegistryServer.StartAsync(tls: true);
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 200);
        var reference = ImageReference.Parse($"{server.Host}/tls/app:v1");

        await image.PushAsync(client, reference);
        var manifest = await client.GetManifestAsync(reference, null, CancellationToken.None);
        using var layer = new MemoryStream();
        await client.DownloadBlobAsync(reference, image.LayerDigest, image.Layer.Length, layer, 0, CancellationToken.None);

        // The port speaks only TLS, so these answers prove HTTPS was chosen (with the certificate unverified).
        Assert.Equal(image.Manifest, manifest.Bytes);
        Assert.Equal(image.Layer, layer.ToArray());
    }
}
