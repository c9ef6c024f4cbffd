using Hoist.Building.Context;
using Hoist.Posix;

namespace Hoist.Building.Copy;

/// <summary>
/// One filesystem change a COPY/ADD makes in the destination stage. <see cref="Destination"/> is absolute and clean.
/// <see cref="Mode"/> (07777 bits), <see cref="Uid"/> and <see cref="Gid"/> are final: --chmod and --chown are
/// already applied. <see cref="ModificationTime"/> is the source's (BuildKit keeps it); null means "now" (or
/// SOURCE_DATE_EPOCH) for things the copy creates itself.
/// </summary>
public sealed record CopyOperation
{
    public required CopyOperationKind Kind { get; init; }

    public required string Destination { get; init; }

    /// <summary>Resolved path in the copy source (File, Directory copied from the source, Symlink, Special,
    /// ExtractArchive).</summary>
    public string? SourcePath { get; init; }

    public FileKind? SourceKind { get; init; }

    public int Mode { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }

    public long Size { get; init; }

    public DateTimeOffset? ModificationTime { get; init; }

    /// <summary>The exact sub-second part of <see cref="ModificationTime"/> (which keeps 100 ns ticks): the layer's tar
    /// holds whole seconds, the copied file keeps it, as BuildKit's copy does.</summary>
    public uint ModificationTimeNanoseconds { get; init; }

    public string? LinkTarget { get; init; }

    /// <summary>Heredoc bytes for <see cref="CopyOperationKind.Inline"/>.</summary>
    public ReadOnlyMemory<byte> InlineContent { get; init; }

    public string? Url { get; init; }

    /// <summary>Expected digest of a download (<c>--checksum</c>), or the commit/ref checksum of a git source.</summary>
    public string? Checksum { get; init; }

    public bool KeepGitDir { get; init; }

    /// <summary>For a download with <c>ADD --unpack=true</c>: the directory it is extracted into when it is an archive
    /// (BuildKit extracts into the destination path, trailing slash or not); a download that is no archive is placed
    /// at <see cref="Destination"/> as usual.</summary>
    public string? UnpackInto { get; init; }

    public bool Unpack => UnpackInto is not null;

    /// <summary>True when <c>--chown</c> was given: for ExtractArchive, Download and GitClone the engine gives every
    /// entry it writes <see cref="Uid"/>:<see cref="Gid"/> (otherwise archive entries keep their owners).</summary>
    public bool OwnerOverride { get; init; }

    /// <summary>The <c>--chmod</c> to apply to what a Download or GitClone produces (BuildKit does not apply it to
    /// extracted archives).</summary>
    public ModeChange? ModeChange { get; init; }

    /// <summary>Only create this directory if the destination has none there; an existing one keeps its metadata.
    /// True for parent directories the copy creates and for the top directory of a directory copy.</summary>
    public bool KeepExisting { get; init; }

    /// <summary>Source identity for hard-link detection: entries with equal (Device, Inode) and LinkCount &gt; 1 are
    /// one file.</summary>
    public ulong Inode { get; init; }

    public ulong Device { get; init; }

    public int LinkCount { get; init; }

    public ulong DeviceNumber { get; init; }

    /// <summary>A regular source file's identity from the lstat that planned it, so the content-hash index needs no
    /// second stat to trust its entry.</summary>
    public FileIdentity? SourceIdentity { get; init; }
}
