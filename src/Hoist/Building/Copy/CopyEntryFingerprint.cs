namespace Hoist.Building.Copy;

/// <summary>
/// One entry a COPY/ADD content digest took in: its source path (the destination for entries without one, such as
/// heredocs) and a 64-bit fingerprint of every field the digest read from it, so two builds' entries can be compared
/// (see <see cref="CopyContentDigest"/>).
/// </summary>
public readonly record struct CopyEntryFingerprint(string Path, ulong Fingerprint);
