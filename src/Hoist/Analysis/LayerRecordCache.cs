using System.Buffers;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Analysis;

/// <summary>
/// Layer records (see <see cref="LayerRecord"/>) in a directory of the state dir, one file per layer blob and
/// inspector recipe, so a base image is read once however many builds and analyses use it. A record that cannot be
/// read is treated as absent (the layer is walked again and the record rewritten); records are written atomically.
/// </summary>
public sealed class LayerRecordCache(string directory)
{
    /// <summary>Bumped whenever what a walk records changes (new inspectors, new fields), so old records are not reused.
    /// Version 1 was JSON; version 2 is the same record in <see cref="LayerRecordFormat"/>.</summary>
    private const int Version = 2;

    public static LayerRecordCache UnderStateRoot(string stateRoot) => new(Path.Combine(stateRoot, "analysis", "layers")) { SmallestWalkRecorded = 17 };

    /// <summary>A layer kept unpacked (a snapshot) whose walk has fewer entries (a WORKDIR, a COPY of a file, a RUN
    /// writing one) is walked again rather than recorded: its record costs more to write (a file made and renamed at
    /// every rebuild of the step) than the walk of its few files it saves. A state dir's cache records from 17 entries;
    /// 0 records every walk.</summary>
    public int SmallestWalkRecorded { get; init; }

    /// <summary>The record, or null when there is none or it cannot be read. A JSON record of version 1 (the same
    /// content) is read and kept in the binary form instead: a base image's record stands for a walk of the whole
    /// image, seconds of decompression.</summary>
    public LayerRecord? TryLoad(Digest layer, string recipe)
    {
        try
        {
            return Read(PathOf(layer, recipe));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Upgraded(layer, recipe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>True when a record of <paramref name="layer"/> for <paramref name="recipe"/> is there (not read).</summary>
    public bool Contains(Digest layer, string recipe) => File.Exists(PathOf(layer, recipe)) || File.Exists(JsonPathOf(layer, recipe));

    public void Save(Digest layer, string recipe, LayerRecord record) => TrySave(layer, recipe, record);

    /// <summary>Writes a record; false when it could not be written (only a cache: the next analysis walks the layer again).</summary>
    private bool TrySave(Digest layer, string recipe, LayerRecord record)
    {
        try
        {
            AtomicFile.Write(PathOf(layer, recipe), stream => LayerRecordFormat.Write(stream, record), new AtomicWriteOptions { CreateParent = true });
            return true;
        }
        catch (HoistException)
        {
            return false;
        }
    }

    /// <summary>Removes the records of layer blobs <paramref name="exists"/> says are gone; returns the bytes freed.</summary>
    public long Prune(Func<Digest, bool> exists)
    {
        if (!Directory.Exists(directory)) return 0;
        long freed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (Digest.TryParse("sha256:" + file.Name.Split('.')[0], out var layer) && exists(layer)) continue;
            freed += file.Length;
            file.Delete();
        }
        return freed;
    }

    private LayerRecord? Upgraded(Digest layer, string recipe)
    {
        var json = JsonPathOf(layer, recipe);
        if (CacheFile.TryRead(json, AnalysisJsonContext.Default.LayerRecord) is not { } record) return null;
        if (TrySave(layer, recipe, record)) TryDelete(json);
        return record;
    }

    /// <summary>Reads a whole record file into a pooled buffer (a base image's record is a few hundred KB).</summary>
    private static LayerRecord Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var length = checked((int)file.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            file.ReadExactly(buffer, 0, length);
            return LayerRecordFormat.Read(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The JSON record stays beside the binary one until the next prune of its blob.
        }
    }

    private string PathOf(Digest layer, string recipe) => Path.Combine(directory, $"{layer.Hex}.{recipe}.v{Version}");

    private string JsonPathOf(Digest layer, string recipe) => Path.Combine(directory, $"{layer.Hex}.{recipe}.v1.json");
}
