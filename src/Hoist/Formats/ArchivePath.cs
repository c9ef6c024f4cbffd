namespace Hoist.Formats;

/// <summary>
/// Names of files inside an image archive or layout. Archives come from anywhere, so a name that could reach outside
/// (absolute, or with a <c>..</c> component) is refused rather than cleaned up.
/// </summary>
public static class ArchivePath
{
    /// <summary>The name in canonical form (<c>./a//b</c> → <c>a/b</c>); throws for names that escape the archive.</summary>
    public static string Normalize(string name, string archive)
    {
        if (name.Length == 0 || name.Contains('\0')) throw new HoistException($"{archive}: invalid file name \"{name}\" in the archive");
        if (name.StartsWith('/')) throw new HoistException($"{archive}: refusing absolute path \"{name}\" in the archive");
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") throw new HoistException($"{archive}: refusing path \"{name}\" that leaves the archive");
            parts.Add(part);
        }
        if (parts.Count == 0) throw new HoistException($"{archive}: invalid file name \"{name}\" in the archive");
        return string.Join('/', parts);
    }

    /// <summary>
    /// Where a symlink inside the archive points, as an archive name: relative targets resolve from the link's
    /// directory, and a target that climbs above the archive root is refused.
    /// </summary>
    public static string ResolveLink(string linkName, string target, string archive)
    {
        if (target.StartsWith('/')) throw new HoistException($"{archive}: refusing link \"{linkName}\" to absolute path \"{target}\"");
        var parts = linkName.Split('/').SkipLast(1).ToList();
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw new HoistException($"{archive}: refusing link \"{linkName}\" to \"{target}\" that leaves the archive");
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        if (parts.Count == 0) throw new HoistException($"{archive}: invalid link \"{linkName}\" to \"{target}\"");
        return string.Join('/', parts);
    }
}
