namespace Hoist.Analysis;

/// <summary>A file layer <paramref name="AddedBy"/> wrote and layer <paramref name="RemovedBy"/> replaced or deleted.</summary>
public sealed record WastedFile(string Path, long Size, int AddedBy, int RemovedBy);
