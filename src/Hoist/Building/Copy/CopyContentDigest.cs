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
        ComputeAsync(plan, null, null, cancellationToken);

    /// <summary>As above, with <paramref name="files"/> giving each source entry's extended attributes (the copy keeps
    /// them, so a file that only gained a capability must miss) and each source file's sha256 (e.g. from the build
    /// cache's file-hash index) instead of reading it; also handing <paramref name="entries"/> each entry's path and a
    /// fingerprint of exactly what the digest took from it, so a cache miss can name the files that changed without
    /// hashing anything again.</summary>
    public static async Task<Digest> ComputeAsync(CopyPlan plan, ICopySourceFiles? files, Action<CopyEntryFingerprint>? entries,
        CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var writer = new Writer(hash, entries is null ? null : new EntryFingerprint());
        foreach (var operation in plan.Operations.OrderBy(o => o.Destination, StringComparer.Ordinal))
        {
            writer.Fingerprint?.Reset();
            await WriteOperationAsync(writer, plan, operation, files, cancellationToken).ConfigureAwait(false);
            if (writer.Fingerprint is { } fingerprint) entries!(new CopyEntryFingerprint(operation.SourcePath ?? operation.Destination, fingerprint.Value));
        }
        writer.Flush();
        return Digest.FromSha256Hash(hash.GetHashAndReset());
    }

    private static async Task WriteOperationAsync(Writer hash, CopyPlan plan, CopyOperation operation, ICopySourceFiles? files,
        CancellationToken cancellationToken)
    {
        hash.Write(operation.Kind.ToString());
        hash.Write(operation.Destination);
        hash.Write(operation.SourceKind?.ToString() ?? "");
        hash.WriteFields(operation);
        var facts = files is not null && operation.SourcePath is not null
            ? await files.ReadAsync(operation, cancellationToken).ConfigureAwait(false)
            : (SourceFileFacts?)null;
        if (facts is { } read && operation.Kind is not CopyOperationKind.ExtractArchive)
        {
            // Written only when present, so keys of entries without any stay as they were.
            foreach (var (name, value) in read.Xattrs) hash.Write($"xattr {name}={Convert.ToHexStringLower(value)}");
        }
        switch (operation.Kind)
        {
            case CopyOperationKind.File or CopyOperationKind.ExtractArchive:
                if (facts?.ContentHash is { } known)
                {
                    hash.WriteHex(known);
                    break;
                }
                var source = plan.Source ?? throw new InvalidOperationException("a plan with files has a source");
                await using (var stream = source.OpenRead(operation.SourcePath!))
                {
                    hash.WriteHex(await HashStreamAsync(stream, cancellationToken));
                }
                break;
            case CopyOperationKind.Inline:
                hash.WriteHex(SHA256.HashData(operation.InlineContent.Span));
                break;
            case CopyOperationKind.Symlink:
                hash.Write(operation.LinkTarget ?? "");
                break;
            case CopyOperationKind.Special:
                hash.Write(operation.DeviceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case CopyOperationKind.Download or CopyOperationKind.GitClone:
                hash.Write($"{operation.Url}\n{operation.Checksum}\n{operation.Unpack}\n{operation.KeepGitDir}\n{operation.ModeChange}");
                break;
        }
    }

    /// <summary>The sha256 of a stream, read in 128 KiB blocks (context files are opened unbuffered).</summary>
    internal static async Task<byte[]> HashStreamAsync(Stream stream, CancellationToken cancellationToken)
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

    /// <summary>Writes fields into the digest and, when asked, into the current entry's fingerprint. Fields are gathered
    /// in a pooled buffer and handed to the hash 16 KiB at a time: the same bytes in the same order, but one hash call
    /// per few hundred entries instead of six per entry (this runs for every entry of a context).</summary>
    private sealed class Writer(IncrementalHash hash, EntryFingerprint? fingerprint) : IDisposable
    {
        private const int BufferSize = 16 * 1024;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        private int _used;

        public EntryFingerprint? Fingerprint => fingerprint;

        /// <summary>Length-prefixed so that no two different field sequences hash the same.</summary>
        public void Write(ReadOnlySpan<char> value)
        {
            var size = 4 + Encoding.UTF8.GetMaxByteCount(value.Length);
            if (size > _buffer.Length - _used) Flush();
            if (size > _buffer.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(size);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }
            var length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), length);
            _used += 4 + length;
            fingerprint?.Add(value);
        }

        /// <summary>Mode, owner and flags as one field, formatted on the stack.</summary>
        public void WriteFields(CopyOperation operation)
        {
            Span<char> text = stackalloc char[128];
            if (!text.TryWrite($"{operation.Mode:x} {operation.Uid} {operation.Gid} {(operation.KeepExisting ? 1 : 0)} {(operation.OwnerOverride ? 1 : 0)}", out var written))
                throw new InvalidOperationException("five numbers fit in 128 characters");
            Write(text[..written]);
        }

        /// <summary>A sha256 as its lowercase hex text, as <see cref="Write(ReadOnlySpan{char})"/> takes it.</summary>
        public void WriteHex(ReadOnlySpan<byte> sha256)
        {
            Span<char> hex = stackalloc char[64];
            Convert.TryToHexStringLower(sha256, hex, out var written);
            Write(hex[..written]);
        }

        /// <summary>Hands what is gathered to the hash; before reading the hash.</summary>
        public void Flush()
        {
            hash.AppendData(_buffer, 0, _used);
            _used = 0;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }
}
