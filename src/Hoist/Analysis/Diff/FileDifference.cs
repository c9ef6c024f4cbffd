namespace Hoist.Analysis.Diff;

/// <summary>A path in a layer that only one side has, or whose attributes differ (<see cref="Fields"/>: content, type,
/// mode, uid, gid, mtime, size, link target, xattrs).</summary>
public sealed record FileDifference(string Path, FileChange Change, IReadOnlyList<FieldDifference> Fields);
