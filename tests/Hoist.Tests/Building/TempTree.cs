using System.Text;

namespace Hoist.Tests.Building;

/// <summary>A real temporary directory tree for context and copy tests; removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "hoist-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes a file, 0644 unless told otherwise, creating missing parents as 0755 (no umask surprises).</summary>
    public TempTree File(string relative, string content = "", UnixFileMode? mode = null)
    {
        var full = PathOf(relative);
        MakeParents(relative);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(false));
        SetMode(full, mode ?? Mode644);
        return this;
    }

    public const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode Mode755 = Mode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public TempTree Mode(string relative, UnixFileMode mode)
    {
        SetMode(PathOf(relative), mode);
        return this;
    }

    private void MakeParents(string relative)
    {
        var parent = Path.GetDirectoryName(relative);
        if (string.IsNullOrEmpty(parent)) return;
        Dir(parent);
    }

    private static void SetMode(string full, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(full, mode);
    }

    public TempTree Bytes(string relative, byte[] content)
    {
        var full = PathOf(relative);
        MakeParents(relative);
        System.IO.File.WriteAllBytes(full, content);
        SetMode(full, Mode644);
        return this;
    }

    public TempTree Dir(string relative)
    {
        var current = Root;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (Directory.Exists(current)) continue;
            Directory.CreateDirectory(current);
            SetMode(current, Mode755);
        }
        return this;
    }

    public TempTree Link(string relative, string target)
    {
        MakeParents(relative);
        System.IO.File.CreateSymbolicLink(PathOf(relative), target);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
