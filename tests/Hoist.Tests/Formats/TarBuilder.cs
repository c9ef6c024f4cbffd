using System.Text;
using Hoist.Archives;

namespace Hoist.Tests.Formats;

/// <summary>Builds small tars in memory: root filesystems for import, and hand-made (even hostile) image archives.</summary>
public sealed class TarBuilder
{
    private readonly List<(TarEntry Entry, byte[]? Content)> _entries = [];

    public TarBuilder File(string name, byte[] content, int mode = 0x1A4)
    {
        _entries.Add((new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = mode, Size = content.Length }, content));
        return this;
    }

    public TarBuilder File(string name, string content, int mode = 0x1A4) => File(name, Encoding.UTF8.GetBytes(content), mode);

    public TarBuilder Directory(string name)
    {
        _entries.Add((new TarEntry { Name = name, Type = TarEntryType.Directory, Mode = 0x1ED }, null));
        return this;
    }

    public TarBuilder Symlink(string name, string target)
    {
        _entries.Add((new TarEntry { Name = name, Type = TarEntryType.Symlink, Mode = 0x1FF, LinkTarget = target }, null));
        return this;
    }

    public byte[] ToBytes()
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var (entry, content) in _entries)
            {
                writer.WriteEntry(entry, content is null ? null : new MemoryStream(content));
            }
        }
        return output.ToArray();
    }

    /// <summary>Every regular file of a tar, by name.</summary>
    public static Dictionary<string, byte[]> ReadFiles(byte[] tar)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        while (reader.ReadNext() is { } entry)
        {
            if (entry.Type != TarEntryType.Regular) continue;
            var content = new MemoryStream();
            reader.OpenContent().CopyTo(content);
            files[entry.Name] = content.ToArray();
        }
        return files;
    }

    /// <summary>Entry names in archive order, directories with a trailing slash.</summary>
    public static List<string> ReadNames(byte[] tar)
    {
        var names = new List<string>();
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        while (reader.ReadNext() is { } entry) names.Add(entry.Type == TarEntryType.Directory ? entry.Name + "/" : entry.Name);
        return names;
    }

    /// <summary>A tar with the same files, some replaced or left out: for corrupting archives in tests.</summary>
    public static byte[] Rewrite(byte[] tar, Func<string, byte[], byte[]?> change)
    {
        var builder = new TarBuilder();
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        while (reader.ReadNext() is { } entry)
        {
            if (entry.Type == TarEntryType.Directory) { builder.Directory(entry.Name); continue; }
            if (entry.Type != TarEntryType.Regular) continue;
            var content = new MemoryStream();
            reader.OpenContent().CopyTo(content);
            if (change(entry.Name, content.ToArray()) is { } replaced) builder.File(entry.Name, replaced);
        }
        return builder.ToBytes();
    }

    /// <summary>A small root filesystem: a directory, a file and a symlink.</summary>
    public static byte[] Rootfs(string text = "hello") =>
        new TarBuilder().Directory("etc").File("etc/greeting", text + "\n").Directory("bin").Symlink("bin/sh", "busybox").ToBytes();
}
