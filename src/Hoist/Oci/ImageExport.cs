namespace Hoist.Oci;

/// <summary>What a sink did, as one line (<c>writing layout to out.tar</c>, <c>pushing manifest for …</c>), the
/// device nodes of the image a filesystem export left out (never created on the host), and the blobs a registry push
/// sent (not those the registry had or mounted).</summary>
public sealed record ImageExport(string Done)
{
    public int DeviceNodesLeftOut { get; init; }

    public int BlobsUploaded { get; init; }
}
