using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>One side of an image diff: what the user called it, and the image in the store that holds its blobs.</summary>
public sealed record DiffedImage(string Name, ContentStore Store, ResolvedImage Image);
