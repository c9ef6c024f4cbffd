using System.Security.Cryptography;
using System.Text;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// The records of the last build of each step, under <c>&lt;state root&gt;/explain/&lt;slot&gt;/&lt;stage&gt;.&lt;step&gt;</c>:
/// a slot is a build's context directory and Dockerfile path (absolute), a stage its name (else index) and platform,
/// a step its identity (<see cref="StepLineup"/>: its instruction text and occurrence) — what stays the same from one
/// build of a project to the next; <c>&lt;stage&gt;.order</c> lists the identities of the stage's last build in order.
/// Written whole by rename (not fsynced: a record lost in a crash only costs one explanation); any unreadable record
/// counts as absent. Explanations are best effort: failing to read or write one never fails a build.
/// </summary>
public sealed class StepRecordStore(string stateRoot)
{
    public string Root { get; } = Path.Combine(stateRoot, "explain");

    /// <summary>The file of one step's record (<paramref name="step"/>: its identity), or with <c>order</c> the stage's order.</summary>
    public string PathOf(string? contextDirectory, string? dockerfilePath, string stage, string step) =>
        StageFiles(contextDirectory, dockerfilePath, stage) + step;

    /// <summary>What the files of one stage's records start with (<see cref="PathOf"/> is this and the step), so a stage
    /// hashes its slot and name once, not once per step.</summary>
    public string StageFiles(string? contextDirectory, string? dockerfilePath, string stage)
    {
        var slot = Hash($"{Full(contextDirectory)}\0{Full(dockerfilePath)}", 32);
        return Path.Combine(Root, slot, $"{Hash(stage, 16)}.");
    }

    /// <summary>The step identities of a stage's last build (one a line); null without a readable list.</summary>
    public IReadOnlyList<string>? ReadOrder(string path)
    {
        try
        {
            return File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void WriteOrder(string path, IReadOnlyList<string> identities)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(string.Concat(identities.Select(i => i + "\n"))), new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
        }
    }

    /// <summary>The key a record holds, reading only its first lines; null without a readable record.</summary>
    public Digest? ReadKey(string path)
    {
        try
        {
            Span<byte> head = stackalloc byte[200];
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            var lines = Encoding.UTF8.GetString(head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]).Split('\n');
            return lines.Length > 2 && lines[0] == StepRecordFormat.Header && lines[1].StartsWith("key ", StringComparison.Ordinal)
                && Digest.TryParse(lines[1][4..], out var key) ? key : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public StepRecord? Read(string path)
    {
        try
        {
            return StepRecordFormat.Read(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string path, StepRecord record)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(StepRecordFormat.Write(record)), new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
        }
    }

    /// <summary>How many step records there are and the bytes of the directory (orders included) (<c>hoist du</c>).</summary>
    public (int Count, long Bytes) Measure()
    {
        var files = Files().ToList();
        return (files.Count(f => f.Extension != ".order"), files.Sum(f => f.Length));
    }

    /// <summary>Removes the records not written for <paramref name="unusedFor"/> (all of them when null); returns the
    /// bytes freed.</summary>
    public long Prune(TimeSpan? unusedFor, DateTimeOffset now)
    {
        long freed = 0;
        foreach (var file in Files().Where(f => unusedFor is not { } age || f.LastWriteTimeUtc < now.UtcDateTime - age))
        {
            try
            {
                var length = file.Length;
                file.Delete();
                freed += length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        foreach (var slot in Directory.Exists(Root) ? new DirectoryInfo(Root).EnumerateDirectories() : [])
        {
            if (!slot.EnumerateFileSystemInfos().Any()) slot.Delete();
        }
        return freed;
    }

    private IEnumerable<FileInfo> Files() =>
        Directory.Exists(Root) ? new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories) : [];

    private static string Full(string? path) => path is null ? "" : path.Contains("://", StringComparison.Ordinal) ? path : Path.GetFullPath(path);

    private static string Hash(string text, int digits) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..digits];
}
