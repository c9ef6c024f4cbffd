namespace Hoist.Posix;

/// <summary>How <see cref="AtomicFile"/> writes: durability, where the temporary file lives, its mode.</summary>
public sealed record AtomicWriteOptions
{
    public static AtomicWriteOptions Default { get; } = new();

    /// <summary>fsync the file before the rename and its directory after it.</summary>
    public bool Durable { get; init; }

    /// <summary>Create the target's directory first (a layout's blob folder); otherwise a missing directory is an
    /// error, as for <c>docker save -o</c>.</summary>
    public bool CreateParent { get; init; }

    /// <summary>Where the temporary file is written (same file system as the target); null: beside the target. The
    /// store puts its temporaries in <c>ingest/</c>, whose stale files it cleans.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>The mode the file is created with (e.g. 0600 for credentials); null: the process's umask default.</summary>
    public UnixFileMode? UnixCreateMode { get; init; }
}
