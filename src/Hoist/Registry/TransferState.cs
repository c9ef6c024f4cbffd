namespace Hoist.Registry;

/// <summary>Where one blob is in a pull or a push, in the order docker reports them.</summary>
public enum TransferState
{
    /// <summary>Queued behind the parallelism bound.</summary>
    Waiting,

    /// <summary>The destination already had it: the store on pull, the repository on push.</summary>
    AlreadyExists,

    Downloading,

    /// <summary>Downloaded, verified against size and digest, and committed to the store.</summary>
    Downloaded,

    /// <summary>Unpacked into the build's snapshot store in the download's own pass; <see cref="TransferProgress.Detail"/>
    /// says how long that took (<c>0.4s</c>).</summary>
    Extracted,

    Uploading,

    /// <summary>Linked by the registry from another repository; nothing was sent.</summary>
    Mounted,

    Pushed,
}
