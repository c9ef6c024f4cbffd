using Hoist.Building.Context;
using Hoist.Building.Copy;

namespace Hoist.Building.Cache;

/// <summary>One file of the <see cref="ContentHashIndex"/>: the identity it had when read, and what was read. A struct,
/// stored inline in the index's dictionary: one object fewer per context file.</summary>
internal readonly record struct ContentHashEntry(FileIdentity Identity, SourceFileFacts Facts);
