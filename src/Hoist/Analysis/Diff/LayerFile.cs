using System.Globalization;
using Hoist.Archives;

namespace Hoist.Analysis.Diff;

/// <summary>What a diff compares of one tar entry: everything a file is, except its name.</summary>
public sealed record LayerFile(TarEntry Entry, string? ContentDigest)
{
    /// <summary>Each attribute that differs from <paramref name="other"/>, in a fixed order, values as text.</summary>
    public IReadOnlyList<FieldDifference> Differences(LayerFile other)
    {
        var a = Entry;
        var b = other.Entry;
        var fields = new List<FieldDifference>();
        Add(fields, "type", a.Type.ToString().ToLowerInvariant(), b.Type.ToString().ToLowerInvariant());
        Add(fields, "content", ContentDigest, other.ContentDigest);
        Add(fields, "size", Number(a.Size), Number(b.Size));
        Add(fields, "mode", Octal(a.Mode), Octal(b.Mode));
        Add(fields, "owner", $"{a.Uid}:{a.Gid}", $"{b.Uid}:{b.Gid}");
        Add(fields, "owner names", $"{a.UserName}:{a.GroupName}", $"{b.UserName}:{b.GroupName}");
        Add(fields, "mtime", Time(a.ModificationTime), Time(b.ModificationTime));
        Add(fields, "link target", a.LinkTarget, b.LinkTarget);
        Add(fields, "device", $"{a.DeviceMajor},{a.DeviceMinor}", $"{b.DeviceMajor},{b.DeviceMinor}");
        foreach (var name in a.Xattrs.Keys.Union(b.Xattrs.Keys).Order(StringComparer.Ordinal))
        {
            Add(fields, $"xattr {name}", Xattr(a, name), Xattr(b, name));
        }
        return fields;
    }

    private static void Add(List<FieldDifference> fields, string name, string? a, string? b)
    {
        if (a != b) fields.Add(new FieldDifference(name, a, b));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Octal(int mode) => "0" + Convert.ToString(mode & 0xfff, 8).PadLeft(3, '0');

    private static string Time(long seconds) =>
        $"{seconds} ({DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})";

    private static string? Xattr(TarEntry entry, string name) =>
        entry.Xattrs.TryGetValue(name, out var value) ? Convert.ToHexStringLower(value) : null;
}
