using System.Globalization;
using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// What an attacker who gets into a container of the image finds: shells, package managers and compilers to work
/// with, setuid/setgid programs, files anyone can write, keys and credentials, and whether it runs as root. Read from
/// the merged filesystem, so a file a later layer deleted is not reported.
/// </summary>
public static class AttackSurface
{
    private const int SetUid = 0x800, SetGid = 0x400, Sticky = 0x200, OtherWrite = 0x2, AnyExecute = 0x49;

    public static IReadOnlyList<Finding> Scan(MergedFileSystem fileSystem, string? user)
    {
        var findings = new List<Finding>();
        var tools = new Dictionary<(FindingKind Kind, string Tool), (string Path, string? Version)>();
        foreach (var node in fileSystem.Root.Descendants())
        {
            AddModeFindings(node, findings);
            if (node.EvidenceList is { } evidence) findings.AddRange(evidence.OfType<SecretEvidence>().Select(e => new Finding(e.Kind, node.Path, e.Detail)));
            if (node.Parent is { } parent && ToolCatalog.IsExecutableDirectory(parent.Name)) AddTool(fileSystem, node, tools);
        }
        findings.AddRange(tools.Select(t => new Finding(t.Key.Kind, t.Value.Path,
            t.Value.Version is null ? t.Key.Tool : $"{t.Key.Tool} {t.Value.Version}")));
        if (RunsAsRoot(user)) findings.Add(new Finding(FindingKind.Root, "", string.IsNullOrEmpty(user) ? "runs as root (no USER)" : $"runs as root (USER {user})"));
        return findings.OrderBy(f => f.Kind).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Detail, StringComparer.Ordinal).ToList();
    }

    /// <summary>An empty user, <c>root</c> or uid 0 (with or without a group) is root.</summary>
    public static bool RunsAsRoot(string? user)
    {
        var name = (user ?? "").Split(':')[0];
        return name is "" or "root" or "0";
    }

    private static void AddModeFindings(FileNode node, List<Finding> findings)
    {
        if ((node.Mode & (SetUid | SetGid | OtherWrite)) == 0) return; // most files: nothing to format
        var mode = Convert.ToString(node.Mode, 8).PadLeft(4, '0');
        if (node.Type == TarEntryType.Regular || node.Type == TarEntryType.HardLink)
        {
            if ((node.Mode & SetUid) != 0) findings.Add(new Finding(FindingKind.Setuid, node.Path, $"mode {mode}, owner {Owner(node.Uid)}"));
            if ((node.Mode & SetGid) != 0) findings.Add(new Finding(FindingKind.Setgid, node.Path, $"mode {mode}, group {node.Gid.ToString(CultureInfo.InvariantCulture)}"));
        }
        var worldWritable = (node.Mode & OtherWrite) != 0 && node.Type switch
        {
            TarEntryType.Regular or TarEntryType.HardLink => true,
            TarEntryType.Directory => (node.Mode & Sticky) == 0, // /tmp-like sticky directories are meant to be shared
            _ => false,
        };
        if (worldWritable) findings.Add(new Finding(FindingKind.WorldWritable, node.Path, $"{(node.Type == TarEntryType.Directory ? "directory" : "file")}, mode {mode}"));
    }

    /// <summary>
    /// An applet of a multi-call binary (busybox's or toybox's <c>dpkg</c>, <c>rpm</c>, <c>ar</c>): the binary itself
    /// is the finding (busybox as the shell it is); its applets are not a package manager or compiler someone shipped.
    /// Shell applets (<c>sh</c> → busybox) still count: they are the shell.
    /// </summary>
    private static bool IsMultiCallApplet((FindingKind Kind, string Tool, string? Version) tool, FileNode resolved) =>
        tool.Kind != FindingKind.Shell && resolved.Name is "busybox" or "toybox" && tool.Tool != resolved.Name;

    private static string Owner(long uid) => uid == 0 ? "root" : uid.ToString(CultureInfo.InvariantCulture);

    private static void AddTool(MergedFileSystem fileSystem, FileNode node, Dictionary<(FindingKind, string), (string Path, string? Version)> tools)
    {
        if (node.Type is not (TarEntryType.Regular or TarEntryType.Symlink or TarEntryType.HardLink)) return;
        if (ToolCatalog.Classify(node.Name) is not { } tool) return;
        var resolved = fileSystem.ResolveLink(node);
        if (resolved is null || resolved.Type == TarEntryType.Directory || (resolved.Mode & AnyExecute) == 0) return;
        if (IsMultiCallApplet(tool, resolved)) return;
        var version = tool.Version ?? (ToolCatalog.Classify(resolved.Name) is { Tool: var t, Version: { } v } && t == tool.Tool ? v : null);
        var key = (tool.Kind, tool.Tool);
        if (!tools.TryGetValue(key, out var known))
        {
            tools[key] = (node.Path, version);
        }
        else if (known.Version is null && version is not null)
        {
            tools[key] = (known.Path, version);
        }
    }
}
