using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Copy;

/// <summary>
/// The content part of a COPY/ADD cache key: a sha256 over the planned entries sorted by destination — path, kind,
/// mode, owner, and the content's sha256 (files, heredocs, archives), link target, or URL and checksum. Timestamps are
/// left out on purpose (BuildKit's contenthash ignores them too), and ignored files never reach a plan. File content is
/// streamed, never loaded whole.
/// </summary>
public static class CopyContentDigest
{
    public static Task<Digest> ComputeAsync(CopyPlan plan, CancellationToken cancellationToken = default) =>
        ComputeAsync(plan, null, cancellationToken);

    /// <summary>As above, with <paramref name="hashFile"/> giving the sha256 of a source file (by its resolved
    /// relative path) instead of reading it, e.g. from the build cache's file-hash index.</summary>
    public static Task<Digest> ComputeAsync(CopyPlan plan, Func<string, CancellationToken, Task<byte[]>>? hashFile,
        CancellationToken cancellationToken = default) => ComputeAsync(plan, hashFile, null, cancellationToken);

    /// <summary>As above, with <paramref name="xattrs"/> giving the extended attributes of a source entry (by its
    /// resolved relative path): the copy keeps them, so a file that only gained a capability must miss.</summary>
    public static async Task<Digest> ComputeAsync(CopyPlan plan, Func<string, CancellationToken, Task<byte[]>>? hashFile,
        Func<string, IReadOnlyDictionary<string, byte[]>>? xattrs, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var operation in plan.Operations.OrderBy(o => o.Destination, StringComparer.Ordinal))
        {
            Write(hash, operation.Kind.ToString());
            Write(hash, operation.Destination);
            Write(hash, operation.SourceKind?.ToString() ?? "");
            Write(hash, $"{operation.Mode:x} {operation.Uid} {operation.Gid} {(operation.KeepExisting ? 1 : 0)} {(operation.OwnerOverride ? 1 : 0)}");
            if (xattrs is not null && operation.SourcePath is { } sourcePath && operation.Kind is not CopyOperationKind.ExtractArchive)
            {
                // Written only when present, so keys of entries without any stay as they were.
                foreach (var (name, value) in xattrs(sourcePath)) Write(hash, $"xattr {name}={Convert.ToHexStringLower(value)}");
            }
            switch (operation.Kind)
            {
                case CopyOperationKind.File or CopyOperationKind.ExtractArchive:
                    var source = plan.Source ?? throw new InvalidOperationException("a plan with files has a source");
                    if (hashFile is not null)
                    {
                        Write(hash, Convert.ToHexStringLower(await hashFile(operation.SourcePath!, cancellationToken).ConfigureAwait(false)));
                        break;
                    }
                    await using (var stream = source.OpenRead(operation.SourcePath!))
                    {
                        Write(hash, Convert.ToHexStringLower(await HashStreamAsync(stream, cancellationToken)));
                    }
                    break;
                case CopyOperationKind.Inline:
                    Write(hash, Convert.ToHexStringLower(SHA256.HashData(operation.InlineContent.Span)));
                    break;
                case CopyOperationKind.Symlink:
                    Write(hash, operation.LinkTarget ?? "");
                    break;
                case CopyOperationKind.Special:
                    Write(hash, operation.DeviceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case CopyOperationKind.Download or CopyOperationKind.GitClone:
                    Write(hash, $"{operation.Url}\n{operation.Checksum}\n{operation.Unpack}\n{operation.KeepGitDir}\n{operation.ModeChange}");
                    break;
            }
        }
        return Digest.FromSha256Hash(hash.GetHashAndReset());
    }

    private static async Task<byte[]> HashStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Length-prefixed so that no two different field sequences hash the same.</summary>
    private static void Write(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
