namespace Hoist.Registry;

/// <summary>How to upload one blob.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>A repository on the same registry that is known to hold the blob; tried as a cross-repository mount first.</summary>
    public string? MountFrom { get; init; }

    /// <summary>Send the blob in PATCH chunks of this many bytes instead of one PUT. Null: one monolithic PUT.</summary>
    public int? ChunkSize { get; init; }
}
