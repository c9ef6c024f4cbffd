using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// The content part of a COPY/ADD key, computed from the source alone (the destination is the parent key's
/// business): the request is planned against a destination where every path is a directory and with no
/// <c>--chown</c> (its text is in the step key), so the plan names exactly the selected entries; then
/// <see cref="CopyContentDigest"/> hashes their relative names, types, modes, owners, contents, link targets — never
/// mtimes — taking file contents from the <see cref="ContentHashIndex"/> fast path. Ignored files never reach a plan.
/// </summary>
public static class CopySourceDigest
{
    private static readonly CopyDestination EverythingIsADirectory = new() { IsDirectory = _ => true };

    /// <summary>The digest, or null when the step cannot be cached (a URL or git source without a checksum, whose
    /// content can change behind the same text) or cannot be planned (the real step will report why).</summary>
    /// <remarks>Without <paramref name="hashes"/> every selected file is read (another stage's files live in a mount
    /// that changes from build to build, so the fast path would never hit there). Extended attributes are part of the
    /// digest when the source is on disk: the copy keeps them.</remarks>
    public static Task<Digest?> ComputeAsync(ICopySource? source, string? sourceRoot, CopyRequest request, ContentHashIndex? hashes,
        CancellationToken cancellationToken) => ComputeAsync(source, sourceRoot, request, hashes, null, cancellationToken);

    /// <summary>As above, handing each selected entry's fingerprint to <paramref name="entries"/> (for miss explanations).</summary>
    public static async Task<Digest?> ComputeAsync(ICopySource? source, string? sourceRoot, CopyRequest request, ContentHashIndex? hashes,
        Action<CopyEntryFingerprint>? entries, CancellationToken cancellationToken)
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
        var files = sourceRoot is null || source is null ? null : new IndexedSourceFiles(source, sourceRoot, hashes);
        return await CopyContentDigest.ComputeAsync(plan, files, entries, cancellationToken).ConfigureAwait(false);
    }
}
