namespace Hoist.Oci;

/// <summary>What a sink did, as one line (<c>writing layout to out.tar</c>, <c>pushing manifest for …</c>), and the
/// device nodes of the image a filesystem export left out (never created on the host).</summary>
public sealed record ImageExport(string Done)
{
    public int DeviceNodesLeftOut { get; init; }
}
