namespace Hoist.Building.Copy;

public enum CopyOperationKind
{
    /// <summary>Create a directory (or, with KeepExisting, only if the destination lacks one).</summary>
    Directory,

    /// <summary>Copy a regular file from the source.</summary>
    File,

    /// <summary>Create a symlink with LinkTarget, copied as a link, never followed.</summary>
    Symlink,

    /// <summary>Create a device node, fifo or socket like the source's (SourceKind).</summary>
    Special,

    /// <summary>Write InlineContent (a heredoc) as a file.</summary>
    Inline,

    /// <summary>Extract the local tar archive at SourcePath into Destination (ADD).</summary>
    ExtractArchive,

    /// <summary>Download Url to Destination (ADD), verifying Checksum when given.</summary>
    Download,

    /// <summary>Clone the git repository Url into Destination (ADD).</summary>
    GitClone,
}
