using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// The metadata fast path: absolute path + <see cref="FileIdentity"/> → content sha256, kept in one file of the state
/// directory so a rebuild stats unchanged context files instead of reading them. A file whose ctime is less than
/// the settle time (<see cref="DefaultSettleTime"/>) older than the moment it was looked at is hashed but never recorded: it may still be being
/// written within one timestamp tick (git's "racy clean" problem), and a later write could then keep its identity.
/// The file ends with a sha256 of what precedes it; a torn or corrupt file is ignored (everything is re-read).
/// Concurrent builds each rewrite it whole by temp file + rename: the last one wins, nothing is ever half-read.
/// </summary>
public sealed class ContentHashIndex
{
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(1);
    private static readonly byte[] Magic = "hoist-file-hashes-v1\n"u8.ToArray();
    private const int MaxEntries = 1_000_000;

    private readonly string _path;
    private readonly ConcurrentDictionary<string, (FileIdentity Identity, byte[] Hash)> _entries;
    private int _dirty;

    private readonly TimeSpan _settleTime;

    private ContentHashIndex(string path, ConcurrentDictionary<string, (FileIdentity, byte[])> entries, TimeSpan settleTime)
    {
        _path = path;
        _entries = entries;
        _settleTime = settleTime;
    }

    /// <summary>Loads the index at <paramref name="path"/>; missing, torn or corrupt means empty.</summary>
    public static ContentHashIndex Load(string path, TimeSpan? settleTime = null)
    {
        var entries = new ConcurrentDictionary<string, (FileIdentity, byte[])>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path)) Parse(File.ReadAllBytes(path), entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            entries.Clear();
        }
        return new ContentHashIndex(path, entries, settleTime ?? DefaultSettleTime);
    }

    /// <summary>Hashes served from the index, and hashes computed by reading (for tests and measurements).</summary>
    public int Hits => _hits;

    public int Reads => _reads;

    private int _hits;
    private int _reads;

    /// <summary>The sha256 of the regular file at <paramref name="fullPath"/>, from the index when its identity is
    /// unchanged, else read (via <paramref name="open"/>, which scopes the path) and recorded when settled.</summary>
    public async Task<byte[]> HashAsync(string fullPath, Func<Stream> open, CancellationToken cancellationToken)
    {
        var identity = FileIdentity.Of(fullPath);
        if (identity is { } known && _entries.TryGetValue(fullPath, out var entry) && entry.Identity == known)
        {
            Interlocked.Increment(ref _hits);
            return entry.Hash;
        }
        var looked = DateTimeOffset.UtcNow;
        byte[] hash;
        await using (var stream = open())
        {
            hash = await HashStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        Interlocked.Increment(ref _reads);
        if (identity is { } settled && FileIdentity.Of(fullPath) == settled
            && settled.ChangedNanoseconds < (looked - _settleTime).ToUnixTimeMilliseconds() * 1_000_000)
        {
            _entries[fullPath] = (settled, hash);
            Interlocked.Exchange(ref _dirty, 1);
        }
        return hash;
    }

    /// <summary>Writes the index if anything was added (temp file + rename; a failure only loses the fast path).</summary>
    public void Save()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0) return;
        try
        {
            AtomicFile.WriteAllBytes(_path, Serialize(), new AtomicWriteOptions { Durable = true, CreateParent = true });
        }
        catch (HoistException)
        {
        }
    }

    private byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>(64 + _entries.Count * 96);
        buffer.Write(Magic);
        Span<byte> fixedPart = stackalloc byte[4 + 8 * 5 + 32];
        foreach (var (path, (identity, hash)) in _entries.Take(MaxEntries))
        {
            var name = Encoding.UTF8.GetBytes(path);
            BinaryPrimitives.WriteInt32LittleEndian(fixedPart, name.Length);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[4..], identity.Size);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[12..], identity.ModifiedNanoseconds);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[20..], identity.ChangedNanoseconds);
            BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[28..], identity.Inode);
            BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[36..], identity.Device);
            hash.CopyTo(fixedPart[44..]);
            buffer.Write(fixedPart);
            buffer.Write(name);
        }
        var sum = SHA256.HashData(buffer.WrittenSpan);
        buffer.Write(sum);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Parse(ReadOnlySpan<byte> bytes, ConcurrentDictionary<string, (FileIdentity, byte[])> entries)
    {
        if (bytes.Length < Magic.Length + 32 || !bytes.StartsWith(Magic)) throw new FormatException("not a file hash index");
        var body = bytes[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^32..])) throw new FormatException("checksum mismatch");
        var rest = body[Magic.Length..];
        while (rest.Length > 0)
        {
            if (rest.Length < 76) throw new FormatException("truncated entry");
            var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
            if (length < 0 || rest.Length < 76 + length) throw new FormatException("truncated entry");
            var identity = new FileIdentity(
                BinaryPrimitives.ReadInt64LittleEndian(rest[4..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[12..]),
                BinaryPrimitives.ReadInt64LittleEndian(rest[20..]),
                BinaryPrimitives.ReadUInt64LittleEndian(rest[28..]),
                BinaryPrimitives.ReadUInt64LittleEndian(rest[36..]));
            var hash = rest[44..76].ToArray();
            entries[Encoding.UTF8.GetString(rest.Slice(76, length))] = (identity, hash);
            rest = rest[(76 + length)..];
        }
    }

    private static async Task<byte[]> HashStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }
}
