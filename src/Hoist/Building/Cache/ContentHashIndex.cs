using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// The metadata fast path: (source root, relative path) + <see cref="FileIdentity"/> → content sha256 and extended
/// attributes, kept in one file of the state directory so a rebuild only lstats unchanged context files (once: the
/// scan that plans the copy gives the identity) instead of reading them. Every change of content, mode, owner or
/// xattrs sets ctime, so an equal identity means equal facts. A file whose ctime is less than the settle time
/// (<see cref="DefaultSettleTime"/>) older than the moment it was read is hashed but never recorded: it may still be
/// being written within one timestamp tick (git's "racy clean" problem), and a later write could then keep its
/// identity. The file ends with a sha256 of what precedes it; a torn or corrupt file is ignored (everything is
/// re-read). Concurrent builds each rewrite it whole by temp file + rename: the last one wins, nothing is ever
/// half-read. The file is parsed on the thread pool from the moment the index is opened, so a build parses its
/// Dockerfile and resolves its base images meanwhile; entries are structs in plain dictionaries under one lock (a
/// context of 20,000 files is 20,000 entries, and their objects were most of a warm build's allocations).
/// </summary>
public sealed class ContentHashIndex
{
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly Task<Dictionary<string, Dictionary<string, ContentHashEntry>>> _loading;
    private readonly object _lock = new();
    private readonly TimeSpan _settleTime;
    private int _dirty;
    private int _hits;
    private int _reads;

    private ContentHashIndex(string path, TimeSpan settleTime)
    {
        _path = path;
        _settleTime = settleTime;
        _loading = Task.Run(() => Read(path));
    }

    /// <summary>Opens the index at <paramref name="path"/>, read in the background; missing, torn, corrupt or of an
    /// older format means empty.</summary>
    public static ContentHashIndex Load(string path, TimeSpan? settleTime = null) => new(path, settleTime ?? DefaultSettleTime);

    private static Dictionary<string, Dictionary<string, ContentHashEntry>> Read(string path)
    {
        var roots = new Dictionary<string, Dictionary<string, ContentHashEntry>>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path)) ContentHashIndexFormat.Parse(File.ReadAllBytes(path), roots);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            roots.Clear();
        }
        return roots;
    }

    /// <summary>The entries, once read (only ever touched under <see cref="_lock"/>).</summary>
    private Dictionary<string, Dictionary<string, ContentHashEntry>> Roots => _loading.GetAwaiter().GetResult();

    private Dictionary<string, ContentHashEntry> FilesOf(string root)
    {
        if (!Roots.TryGetValue(root, out var files)) Roots[root] = files = new Dictionary<string, ContentHashEntry>(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Facts served from the index, and facts read from the file (for tests and measurements).</summary>
    public int Hits => _hits;

    public int Reads => _reads;

    /// <summary>
    /// The content sha256 and image xattrs of the regular file <paramref name="relative"/> under
    /// <paramref name="root"/>: from the index when <paramref name="scanned"/> (the lstat that planned the copy; null:
    /// stat it now) equals the recorded identity, else read (content via <paramref name="open"/>, which scopes the
    /// path) and recorded when the file was settled and unchanged from the scan to the end of the read.
    /// </summary>
    public ValueTask<SourceFileFacts> ReadAsync(string root, string relative, FileIdentity? scanned, Func<Stream> open,
        CancellationToken cancellationToken) => ReadAsync(root, relative, scanned, open, static (open, _) => open(), cancellationToken);

    /// <summary>As above, with <paramref name="open"/> taking <paramref name="state"/> and the path (no closure per file).</summary>
    public ValueTask<SourceFileFacts> ReadAsync<TState>(string root, string relative, FileIdentity? scanned, TState state,
        Func<TState, string, Stream> open, CancellationToken cancellationToken)
    {
        var fullPath = scanned is null ? Path.Join(root, relative) : null;
        var identity = scanned ?? FileIdentity.Of(fullPath!);
        if (identity is { } known && Known(root, relative, known) is { } facts)
        {
            Interlocked.Increment(ref _hits);
            return new ValueTask<SourceFileFacts>(facts);
        }
        return new ValueTask<SourceFileFacts>(ReadAndRecordAsync(root, fullPath ?? Path.Join(root, relative), relative, identity,
            () => open(state, relative), cancellationToken));
    }

    private SourceFileFacts? Known(string root, string relative, FileIdentity identity)
    {
        lock (_lock)
        {
            return Roots.TryGetValue(root, out var files) && files.TryGetValue(relative, out var entry) && entry.Identity == identity
                ? entry.Facts
                : null;
        }
    }

    /// <summary>The image xattrs recorded for <paramref name="relative"/> under <paramref name="root"/> when
    /// <paramref name="scanned"/> is still its identity (a copy writing the file need not list them again); else null.</summary>
    public IReadOnlyDictionary<string, byte[]>? KnownXattrs(string root, string relative, FileIdentity? scanned) =>
        scanned is { } known ? Known(root, relative, known)?.Xattrs : null;

    private async Task<SourceFileFacts> ReadAndRecordAsync(string root, string fullPath,
        string relative, FileIdentity? before, Func<Stream> open, CancellationToken cancellationToken)
    {
        var looked = DateTimeOffset.UtcNow;
        byte[] hash;
        await using (var stream = open())
        {
            hash = await CopyContentDigest.HashStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        var facts = new SourceFileFacts(FileTreeEntries.ImageXattrs(fullPath), hash);
        Interlocked.Increment(ref _reads);
        // Read between two equal identities, and settled: nothing changed while reading, and a later change shows.
        if (before is { } settled && FileIdentity.Of(fullPath) == settled
            && settled.ChangedNanoseconds < (looked - _settleTime).ToUnixTimeMilliseconds() * 1_000_000)
        {
            lock (_lock)
            {
                FilesOf(root)[relative] = new ContentHashEntry(settled, facts);
                _dirty = 1;
            }
        }
        return facts;
    }

    /// <summary>Writes the index if anything was added (temp file + rename; a failure only loses the fast path). Not
    /// fsync'ed: its checksum already turns a file torn by a crash into an empty index, which only costs re-reading.</summary>
    public void Save()
    {
        byte[] bytes;
        lock (_lock)
        {
            if (_dirty == 0) return;
            _dirty = 0;
            bytes = ContentHashIndexFormat.Serialize(Roots);
        }
        try
        {
            AtomicFile.WriteAllBytes(_path, bytes, new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
        }
    }
}
