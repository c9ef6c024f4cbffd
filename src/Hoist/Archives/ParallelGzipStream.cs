using System.IO.Compression;
using System.Security.Cryptography;

namespace Hoist.Archives;

/// <summary>
/// A write-only gzip stream that cuts its input into fixed-size chunks and deflates each into an independent gzip
/// member on the thread pool, writing members in order. Concatenated members are valid gzip (RFC 1952 §2.2) that
/// gzip -d, Go's compress/gzip, Docker and containerd read as one stream. Member boundaries depend only on the byte
/// count, never on timing or core count, so output is deterministic. Memory is bounded by the chunks in flight.
/// </summary>
public sealed class ParallelGzipStream : Stream
{
    public const int DefaultChunkSize = ChunkBuffers.ChunkLength;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly int _level;
    private readonly int _chunkSize;
    private readonly int _maxInFlight;
    private readonly GzipMemberLog? _members;
    private readonly Queue<Task<CompressedChunk>> _inFlight = new();
    private byte[] _current;
    private int _filled;
    private bool _wroteAny;
    private bool _disposed;

    /// <param name="members">Records each member, and takes unchanged ones from an earlier blob (see <see cref="GzipMemberLog"/>).</param>
    public ParallelGzipStream(Stream output, int level = 6, int chunkSize = DefaultChunkSize, int? parallelism = null, bool leaveOpen = false,
        GzipMemberLog? members = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        _output = output;
        _leaveOpen = leaveOpen;
        _level = level;
        _chunkSize = chunkSize;
        _maxInFlight = Math.Max(1, parallelism ?? Environment.ProcessorCount) * 2;
        _current = ChunkBuffers.Rent(Math.Min(chunkSize, ChunkBuffers.SmallLength));
        if (members is not null && (members.Level != level || members.ChunkSize != chunkSize))
            throw new ArgumentException("the member log is for another level or chunk size", nameof(members));
        _members = members;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _chunkSize - _filled);
            if (_filled + take > _current.Length) Grow();
            buffer[..take].CopyTo(_current.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == _chunkSize) Submit();
        }
    }

    /// <summary>A stream starts on a small buffer (most layers a build writes are a few kilobytes) and moves to a whole
    /// chunk's once its input outgrows that (later chunks start whole): chunk boundaries, and so the output, stay those
    /// of the byte count.</summary>
    private void Grow()
    {
        var whole = ChunkBuffers.Rent(_chunkSize);
        _current.AsSpan(0, _filled).CopyTo(whole);
        ChunkBuffers.Return(_current);
        _current = whole;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Does not end a member early: that would make the output depend on when callers flush.</summary>
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing)
        {
            try
            {
                // An empty input still needs one (empty) member to be a valid gzip file.
                if (_filled > 0 || !_wroteAny) Submit();
                while (_inFlight.Count > 0) WriteOldest();
                _output.Flush();
            }
            finally
            {
                ChunkBuffers.Return(_current);
                if (!_leaveOpen) _output.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private void Submit()
    {
        var input = _current;
        var length = _filled;
        var level = _level;
        var members = _members;
        _inFlight.Enqueue(Task.Run(() => members is null ? Compress(input, length, level) : CompressOrReuse(input, length, level, members)));
        _wroteAny = true;
        _current = ChunkBuffers.Rent(_chunkSize);
        _filled = 0;
        while (_inFlight.Count >= _maxInFlight) WriteOldest();
    }

    private void WriteOldest()
    {
        var chunk = _inFlight.Dequeue().GetAwaiter().GetResult();
        try
        {
            _output.Write(chunk.Buffer, 0, chunk.Length);
            if (chunk.ChunkHash is { } hash) _members!.Add(hash, chunk.Length);
        }
        finally
        {
            ChunkBuffers.Return(chunk.Buffer);
        }
    }

    /// <summary>The chunk's member, taken from the earlier blob when that has one for the same bytes, and its hash recorded.</summary>
    private static CompressedChunk CompressOrReuse(byte[] input, int length, int level, GzipMemberLog members)
    {
        var hash = SHA256.HashData(input.AsSpan(0, length));
        if (members.TryReuse(input.AsSpan(0, length), hash, out var reusedLength) is { } reused)
        {
            ChunkBuffers.Return(input);
            return new CompressedChunk(reused, reusedLength, hash);
        }
        return Compress(input, length, level) with { ChunkHash = hash };
    }

    /// <summary>Writes the member this stream makes of <paramref name="input"/> to <paramref name="output"/> (for
    /// <see cref="GzipMemberLog.CodecFingerprint"/>): the same choice of level, without a chunk's buffers, which on the
    /// large object heap set off a full collection in a process that has made none (~10 ms, at every rebuild that wrote a
    /// layer blob).</summary>
    internal static void CompressForFingerprint(ReadOnlySpan<byte> input, int level, Stream output) =>
        Deflate(input, output, ChooseLevel(input, level));

    private static CompressedChunk Compress(byte[] input, int length, int level)
    {
        // Deflate never grows data by more than a few bytes per 16 KiB block; this bound leaves ample room.
        var output = ChunkBuffers.Rent(length + length / 8 + 1024);
        try
        {
            var memory = new MemoryStream(output, 0, output.Length, writable: true);
            Deflate(input.AsSpan(0, length), memory, ChooseLevel(input.AsSpan(0, length), level));
            return new CompressedChunk(output, (int)memory.Position);
        }
        catch
        {
            ChunkBuffers.Return(output);
            throw;
        }
        finally
        {
            ChunkBuffers.Return(input);
        }
    }

    /// <summary>
    /// Searching random data for matches is wasted work, and zlib-ng's fast level even expands it. For a chunk whose
    /// bytes look random, a level-1 trial on its first 64 KiB decides: if that does not shrink, the chunk is stored
    /// (level 0: exact size, no search). A trial on the whole chunk cost as much as deflating it. The choice depends only
    /// on the chunk's bytes: output stays deterministic.
    /// </summary>
    private static int ChooseLevel(ReadOnlySpan<byte> chunk, int level)
    {
        if (level == 0 || !LooksIncompressible(chunk)) return level;
        var trial = new CountingWriteStream();
        Deflate(chunk[..TrialLength], trial, 1);
        return trial.BytesWritten < TrialLength - TrialLength / 32 ? level : 0;
    }

    private static void Deflate(ReadOnlySpan<byte> input, Stream output, int level)
    {
        using var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        gzip.Write(input);
    }

    private const int TrialLength = 64 * 1024;

    /// <summary>Order-0 entropy above 7.97 bits per byte: compressed or random data (text sits around 4-6).</summary>
    internal static bool LooksIncompressible(ReadOnlySpan<byte> data)
    {
        if (data.Length < TrialLength) return false;
        Span<int> counts = stackalloc int[256];
        foreach (var b in data) counts[b]++;
        double entropy = 0;
        foreach (var count in counts)
        {
            if (count == 0) continue;
            var p = (double)count / data.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy > 7.97;
    }

    private readonly record struct CompressedChunk(byte[] Buffer, int Length, byte[]? ChunkHash = null);
}
