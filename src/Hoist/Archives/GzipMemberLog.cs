using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Archives;

/// <summary>
/// The members of one <see cref="ParallelGzipStream"/> blob (the sha256 of each member's uncompressed chunk and the
/// member's compressed length), recorded as it is written, and optionally the members of an earlier blob to take
/// unchanged chunks from: a member depends only on its chunk's bytes, the level and the deflate code, so a chunk equal
/// to one of the earlier blob's gives the very same member, copied instead of deflated (a rebuilt COPY of 20,000 files
/// where one changed recompresses a megabyte or two, not 150 MB), and the blob is byte-identical to a fresh one. A
/// member is taken only when the deflate code gives the same bytes as when the record was made (see
/// <see cref="CodecFingerprint"/>) and its gzip trailer agrees with the chunk's length.
/// </summary>
public sealed class GzipMemberLog
{
    private static readonly byte[] Magic = "hoist-gzip-members-v1\n"u8.ToArray();
    private static readonly ConcurrentDictionary<int, byte[]> Fingerprints = new();

    private readonly List<GzipMember> _members = [];
    private readonly Dictionary<string, (long Offset, int Length)>? _previous;
    private readonly SafeFileHandle? _previousBlob;
    private int _reused;

    /// <param name="level">The gzip level of the blob being written.</param>
    /// <param name="chunkSize">Its uncompressed chunk size.</param>
    /// <param name="previousRecord">The record of an earlier blob (<see cref="Serialize"/>), null for none.</param>
    /// <param name="previousBlob">That blob, open for reading; owned by the caller.</param>
    public GzipMemberLog(int level, int chunkSize, byte[]? previousRecord = null, SafeFileHandle? previousBlob = null)
    {
        Level = level;
        ChunkSize = chunkSize;
        if (previousBlob is null || previousRecord is null) return;
        _previous = Parse(previousRecord, level, chunkSize);
        _previousBlob = _previous is null ? null : previousBlob;
    }

    public int Level { get; }

    public int ChunkSize { get; }

    /// <summary>Whether a record of these members is worth keeping: a blob of one member that deflated to at most 64 KiB
    /// (most layers a rebuild writes: a WORKDIR, a small COPY) is deflated again in less time than its record and the
    /// codec fingerprint in it take to make (~3 ms at every rebuild).</summary>
    public bool WorthKeeping => _members.Count > 1 || _members.Any(m => m.CompressedLength > ChunkBuffers.SmallLength);

    /// <summary>Members copied from the earlier blob instead of deflated.</summary>
    public int Reused => _reused;

    public IReadOnlyList<GzipMember> Members => _members;

    /// <summary>The earlier blob's member for <paramref name="chunk"/> (whose sha256 is <paramref name="hash"/>), copied into a
    /// pooled buffer the caller returns; null when there is none, or it does not look like this chunk's member.</summary>
    internal byte[]? TryReuse(ReadOnlySpan<byte> chunk, byte[] hash, out int length)
    {
        length = 0;
        if (_previous is null || !_previous.TryGetValue(Convert.ToHexString(hash), out var member)) return null;
        var buffer = ChunkBuffers.Rent(member.Length);
        var read = RandomAccess.Read(_previousBlob!, buffer.AsSpan(0, member.Length), member.Offset);
        // Header magic and the trailer's ISIZE (RFC 1952 §2.3.1): a record that does not fit its blob is never used.
        if (read != member.Length || member.Length < 18 || buffer[0] != 0x1f || buffer[1] != 0x8b
            || BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(member.Length - 4)) != (uint)chunk.Length)
        {
            ChunkBuffers.Return(buffer);
            return null;
        }
        Interlocked.Increment(ref _reused);
        length = member.Length;
        return buffer;
    }

    /// <summary>Appends the next member (called in blob order).</summary>
    internal void Add(byte[] chunkHash, int compressedLength) => _members.Add(new GzipMember(chunkHash, compressedLength));

    /// <summary>The record of the members written: magic, level, chunk size, codec fingerprint, count, then per member
    /// the chunk sha256 and compressed length.</summary>
    public byte[] Serialize()
    {
        var fingerprint = CodecFingerprint(Level);
        var bytes = new byte[Magic.Length + 8 + fingerprint.Length + 4 + _members.Count * 36];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span = span[Magic.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(span, Level);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], ChunkSize);
        fingerprint.CopyTo(span[8..]);
        span = span[(8 + fingerprint.Length)..];
        BinaryPrimitives.WriteInt32LittleEndian(span, _members.Count);
        span = span[4..];
        foreach (var member in _members)
        {
            member.ChunkHash.CopyTo(span);
            BinaryPrimitives.WriteInt32LittleEndian(span[32..], member.CompressedLength);
            span = span[36..];
        }
        return bytes;
    }

    /// <summary>Members by chunk hash with their offsets; null for a record of another level, chunk size or deflate code,
    /// or one that is not intact.</summary>
    private static Dictionary<string, (long, int)>? Parse(ReadOnlySpan<byte> record, int level, int chunkSize)
    {
        var fingerprint = CodecFingerprint(level);
        var head = Magic.Length + 8 + fingerprint.Length + 4;
        if (record.Length < head || !record.StartsWith(Magic)) return null;
        var fields = record[Magic.Length..];
        if (BinaryPrimitives.ReadInt32LittleEndian(fields) != level || BinaryPrimitives.ReadInt32LittleEndian(fields[4..]) != chunkSize
            || !fields.Slice(8, fingerprint.Length).SequenceEqual(fingerprint)) return null;
        var count = BinaryPrimitives.ReadInt32LittleEndian(record[(head - 4)..]);
        if (count < 0 || record.Length != head + (long)count * 36) return null;
        var members = new Dictionary<string, (long, int)>(count, StringComparer.Ordinal);
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = record.Slice(head + i * 36, 36);
            var length = BinaryPrimitives.ReadInt32LittleEndian(entry[32..]);
            if (length <= 0) return null;
            members.TryAdd(Convert.ToHexString(entry[..32]), (offset, length));
            offset += length;
        }
        return members;
    }

    /// <summary>What this process's deflate makes of a fixed sample at the levels a member may use (<paramref name="level"/>,
    /// and 1 and 0 for random-looking chunks): another zlib that compresses differently never reuses a member.</summary>
    internal static byte[] CodecFingerprint(int level) => Fingerprints.GetOrAdd(level, static l =>
    {
        var random = new byte[64 * 1024]; // looks random: the level-1 trial, then stored (level 0)
        new Random(16).NextBytes(random);
        var mixed = new byte[96 * 1024];
        random.CopyTo(mixed, 0);
        for (var i = random.Length; i < mixed.Length; i++) mixed[i] = (byte)"layer image context build "[i % 26];
        using var members = new HashingWriteStream(Stream.Null, leaveOpen: true);
        foreach (var sample in new[] { random, mixed }) ParallelGzipStream.CompressForFingerprint(sample, l, members);
        return members.Hash();
    });
}

/// <summary>One gzip member: the sha256 of its uncompressed chunk and its compressed length.</summary>
public sealed record GzipMember(byte[] ChunkHash, int CompressedLength);
