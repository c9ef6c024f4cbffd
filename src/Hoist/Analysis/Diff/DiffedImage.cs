using Hoist.Content;

namespace Hoist.Analysis.Diff;

/// <summary>One side of an image diff: what the user called it, and the image in the store that holds its blobs.</summary>
public sealed record DiffedImage(string Name, ContentStore Store, LocalImage Image);
