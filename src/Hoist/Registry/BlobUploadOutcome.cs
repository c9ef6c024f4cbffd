namespace Hoist.Registry;

public enum BlobUploadOutcome
{
    /// <summary>The repository already had the blob; nothing was sent.</summary>
    AlreadyExists,

    /// <summary>The registry linked the blob from another repository; nothing was sent.</summary>
    Mounted,

    /// <summary>The bytes were uploaded.</summary>
    Uploaded,
}
