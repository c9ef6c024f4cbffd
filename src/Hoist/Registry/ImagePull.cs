using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>What a pull did: the image now in the store, as its reference resolved (<see cref="ResolvedImage.Target"/>
/// is the manifest or index the registry serves), and how many blobs had to be downloaded (0: the store already had
/// everything, "Image is up to date").</summary>
public sealed record ImagePull(ResolvedImage Image, int BlobsDownloaded);
