using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// The gzip member records (<see cref="GzipMemberLog"/>) of the layer blobs builds write, one file per blob under
/// <c>&lt;state root&gt;/cache/gzip-members/&lt;hex&gt;</c>, so the next build of the same step deflates only the chunks
/// that changed. Only a memo: written by rename without fsync, any unreadable record is ignored (everything is deflated),
/// and prune removes the records of blobs that are gone.
/// </summary>
public sealed class GzipMemberRecords(ContentStore store)
{
    private string Directory => RecordsDirectory(store.Root);

    /// <summary>A log for a blob written at <paramref name="level"/>, reusing <paramref name="previous"/>'s members when it is a
    /// gzip blob in the store with a record; dispose the result after the write (it holds the earlier blob open).</summary>
    public Session Begin(int? level, Descriptor? previous)
    {
        var gzipLevel = level ?? LayerCompressionCodec.DefaultGzipLevel;
        if (previous is not { } earlier || LayerMediaTypes.CompressionOf(earlier.MediaType) != LayerCompression.Gzip || !store.Contains(earlier.Digest))
        {
            return new Session(new GzipMemberLog(gzipLevel, ParallelGzipStream.DefaultChunkSize), null);
        }
        try
        {
            var record = File.ReadAllBytes(PathOf(earlier.Digest));
            var blob = File.OpenHandle(store.BlobPath(earlier.Digest));
            return new Session(new GzipMemberLog(gzipLevel, ParallelGzipStream.DefaultChunkSize, record, blob), blob);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Session(new GzipMemberLog(gzipLevel, ParallelGzipStream.DefaultChunkSize), null);
        }
    }

    /// <summary>Keeps the members of the blob <paramref name="blob"/> just written (a failure only costs the next build the reuse).</summary>
    public void Save(Digest blob, GzipMemberLog log)
    {
        if (!log.WorthKeeping) return;
        try
        {
            AtomicFile.WriteAllBytes(PathOf(blob), log.Serialize(), new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
        }
    }

    /// <summary>Removes the records of blobs <paramref name="present"/> says are gone.</summary>
    public static void Prune(string stateRoot, Func<Digest, bool> present)
    {
        var directory = RecordsDirectory(stateRoot);
        if (!System.IO.Directory.Exists(directory)) return;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            if (Digest.TryParse("sha256:" + Path.GetFileName(file), out var blob) && present(blob)) continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private string PathOf(Digest blob) => Path.Combine(Directory, blob.Hex);

    private static string RecordsDirectory(string stateRoot) => Path.Combine(stateRoot, "cache", "gzip-members");

    /// <summary>One blob's write: the log to pass to the writer, and the earlier blob it reads from.</summary>
    public sealed class Session(GzipMemberLog log, IDisposable? blob) : IDisposable
    {
        public GzipMemberLog Log => log;

        public void Dispose() => blob?.Dispose();
    }
}
