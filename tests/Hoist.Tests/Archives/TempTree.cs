using System.Diagnostics;

namespace Hoist.Tests.Archives;

/// <summary>A temp directory deleted at dispose, plus small file-system and process conveniences for archive tests.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "hoist-archives-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a test that made a directory read-only may leave it behind in /tmp.
        }
    }

    public static bool IsRoot => Environment.UserName == "root";

    public string Dir(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public string File(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    /// <summary>Every path under a directory with type, mode, owner, size, mtime, link target, content hash and xattrs.</summary>
    public static SortedDictionary<string, string> Snapshot(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(root, "", result);
        return result;
    }

    private static void Walk(string directory, string prefix, SortedDictionary<string, string> result)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            var relative = prefix + Path.GetFileName(path);
            var st = Hoist.Posix.Native.LStat(path)!.Value;
            var xattrs = string.Join(",", Hoist.Posix.Native.ListXattrs(path).Select(x => x.Key + "=" + Convert.ToHexString(x.Value)));
            var content = st.IsRegular ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))) : "";
            var link = st.IsSymlink ? new FileInfo(path).LinkTarget : "";
            var mtime = st.IsDirectory ? 0 : st.MtimeSeconds;
            result[relative] = $"{Convert.ToString(st.Mode, 8)} {st.Uid}:{st.Gid} {(st.IsDirectory ? 0 : st.Size)} {mtime} {link} {st.RdevMajor}/{st.RdevMinor} {content} {xattrs}";
            if (st.IsDirectory) Walk(path, relative + "/", result);
        }
    }
}
