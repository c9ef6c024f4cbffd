using Hoist.Building.Context;
using Hoist.Building.Copy;

namespace Hoist.Building.Cache;

/// <summary>One file of the <see cref="ContentHashIndex"/>: the identity it had when read, and what was read.</summary>
internal sealed record ContentHashEntry(FileIdentity Identity, SourceFileFacts Facts);
