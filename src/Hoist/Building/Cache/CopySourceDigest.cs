using System.Globalization;
using System.Security.Cryptography;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// The content part of a COPY/ADD key, computed from the source alone (the destination is the parent key's
/// business): the request is planned against a destination where every path is a directory and with no
/// <c>--chown</c> (its text is in the request key), so the result names exactly the selected entries. Each entry
/// contributes its relative name, type, mode, owner, content sha256 (through the <see cref="ContentHashIndex"/>),
/// link target or device number; never its mtime. Ignored files never reach a plan, so they never count.
/// </summary>
public static class CopySourceDigest
{
    private static readonly CopyDestination EverythingIsADirectory = new() { IsDirectory = _ => true };

    /// <summary>The digest, or null when the step cannot be cached (a URL or git source without a checksum, whose
    /// content can change behind the same text) or cannot be planned (the real step will report why).</summary>
    public static async Task<Digest?> ComputeAsync(ICopySource? source, string? sourceRoot, CopyRequest request, ContentHashIndex hashes,
        CancellationToken cancellationToken)
    {
        CopyPlan plan;
        try
        {
            plan = new CopyPlanner(source, EverythingIsADirectory).Plan(request with { Chown = null });
        }
        catch (HoistException)
        {
            return null;
        }
        if (plan.Operations.Any(o => o.Kind is CopyOperationKind.Download or CopyOperationKind.GitClone && o.Checksum is null)) return null;
        using var key = new CacheKeyBuilder("copy-content");
        foreach (var operation in plan.Operations)
        {
            key.Add(operation.Kind.ToString()).Add(operation.Destination).Add(operation.SourceKind?.ToString() ?? "")
                .Add(string.Create(CultureInfo.InvariantCulture,
                    $"{operation.Mode:x} {operation.Uid} {operation.Gid} {(operation.KeepExisting ? 1 : 0)} {(operation.OwnerOverride ? 1 : 0)}"));
            switch (operation.Kind)
            {
                case CopyOperationKind.File or CopyOperationKind.ExtractArchive:
                    var relative = operation.SourcePath!;
                    var hash = sourceRoot is null
                        ? await HashAsync(source!.OpenRead(relative), cancellationToken).ConfigureAwait(false)
                        : await hashes.HashAsync(Path.Combine(sourceRoot, relative), () => source!.OpenRead(relative), cancellationToken)
                            .ConfigureAwait(false);
                    key.Add(Convert.ToHexStringLower(hash));
                    break;
                case CopyOperationKind.Inline:
                    key.Add(Convert.ToHexStringLower(SHA256.HashData(operation.InlineContent.Span)));
                    break;
                case CopyOperationKind.Symlink:
                    key.Add(operation.LinkTarget ?? "");
                    break;
                case CopyOperationKind.Special:
                    key.Add(operation.DeviceNumber.ToString(CultureInfo.InvariantCulture));
                    break;
                case CopyOperationKind.Download or CopyOperationKind.GitClone:
                    key.Add($"{operation.Url}\n{operation.Checksum}\n{operation.Unpack}\n{operation.KeepGitDir}\n{operation.ModeChange}");
                    break;
            }
        }
        return key.Finish();
    }

    private static async Task<byte[]> HashAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
