using System.Globalization;

namespace Hoist.Execution;

/// <summary>
/// Resolves a Dockerfile USER (<c>name</c>, <c>uid</c>, <c>name:group</c>, <c>uid:gid</c>, ...) the way BuildKit does:
/// <c>uid:gid</c> needs no files; anything else is looked up in the root filesystem's /etc/passwd and /etc/group with
/// runc's rules (a numeric user or group needs no entry, a name must have one; supplementary groups only for the implicit
/// form). The files are read through <see cref="RootfsPath"/>, so a symlink cannot lead outside the root.
/// </summary>
public static class UserResolver
{
    private const long MaxId = int.MaxValue;

    public static ResolvedUser Resolve(string rootfs, string? user)
    {
        var isDefault = string.IsNullOrEmpty(user);
        var spec = isDefault ? "0" : user!;
        var passwd = ReadLines(rootfs, "/etc/passwd")?.Select(ParsePasswd).ToList();
        var group = ReadLines(rootfs, "/etc/group")?.Select(ParseGroup).ToList();

        uint uid, gid;
        IReadOnlyList<uint> supplementary;
        if (TryParseUidGid(spec, out uid, out gid))
        {
            supplementary = [];
        }
        else
        {
            try
            {
                (uid, gid, supplementary) = GetExecUser(spec, passwd, group);
            }
            catch (HoistException) when (isDefault)
            {
                (uid, gid, supplementary) = (0, 0, []);
            }
        }

        var additional = supplementary.Contains(gid) ? supplementary : [gid, .. supplementary];
        // runc exports HOME from the passwd entry of the final uid, or "/" without one.
        var home = passwd?.FirstOrDefault(p => p.Uid == uid)?.Home ?? "/";
        return new ResolvedUser(uid, gid, additional, home);
    }

    /// <summary>BuildKit's fast path: both parts given and numeric (or "root").</summary>
    private static bool TryParseUidGid(string spec, out uint uid, out uint gid)
    {
        uid = gid = 0;
        var parts = spec.Split(':', 2);
        return parts.Length == 2 && TryParseId(parts[0], out uid) && TryParseId(parts[1], out gid);

        static bool TryParseId(string text, out uint id)
        {
            if (text == "root")
            {
                id = 0;
                return true;
            }
            return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        }
    }

    /// <summary>runc's GetExecUser with default uid 0, gid 0.</summary>
    private static (uint Uid, uint Gid, IReadOnlyList<uint> Supplementary) GetExecUser(
        string spec, List<PasswdEntry>? passwd, List<GroupEntry>? group)
    {
        var fields = spec.Split(':');
        var userArg = fields[0];
        var groupArg = fields.Length > 1 ? fields[1] : "";
        var uidIsNumber = TryParseGoInt(userArg, out var uidArg);
        var gidIsNumber = TryParseGoInt(groupArg, out var gidArg);

        long uid = 0, gid = 0;
        IReadOnlyList<uint> supplementary = [];
        var matched = passwd?.FirstOrDefault(p => userArg == "" ? p.Uid == 0 : uidIsNumber ? p.Uid == uidArg : p.Name == userArg);
        if (matched is not null)
        {
            uid = matched.Uid;
            gid = matched.Gid;
        }
        else if (userArg != "")
        {
            if (!uidIsNumber) throw new HoistException($"unable to find user {userArg}: no matching entries in passwd file");
            uid = uidArg;
            CheckRange(uid);
        }

        if (groupArg != "" || matched is not null)
        {
            if (groupArg != "")
            {
                var found = group?.FirstOrDefault(g => gidIsNumber ? g.Gid == gidArg : g.Name == groupArg);
                if (found is not null)
                {
                    gid = found.Gid;
                }
                else
                {
                    if (!gidIsNumber) throw new HoistException($"unable to find group {groupArg}: no matching entries in group file");
                    gid = gidArg;
                    CheckRange(gid);
                }
            }
            else if (group is not null)
            {
                supplementary = group.Where(g => g.Members.Contains(matched!.Name)).Select(g => (uint)g.Gid).ToArray();
            }
        }
        return ((uint)uid, (uint)gid, supplementary);
    }

    private static void CheckRange(long id)
    {
        if (id is < 0 or > MaxId) throw new HoistException($"uids and gids must be in range 0-{MaxId}");
    }

    /// <summary>Go's strconv.Atoi: optional sign, decimal digits, 64-bit range.</summary>
    private static bool TryParseGoInt(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>runc ignores malformed numbers in the files and reads them as 0.</summary>
    private static long FieldNumber(string[] fields, int index) =>
        index < fields.Length && TryParseGoInt(fields[index], out var value) ? value : 0;

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";

    private static PasswdEntry ParsePasswd(string line)
    {
        var f = line.Split(':');
        return new PasswdEntry(Field(f, 0), FieldNumber(f, 2), FieldNumber(f, 3), Field(f, 5));
    }

    private static GroupEntry ParseGroup(string line)
    {
        var f = line.Split(':');
        var members = Field(f, 3);
        return new GroupEntry(Field(f, 0), FieldNumber(f, 2), members.Length == 0 ? [] : members.Split(','));
    }

    private static List<string>? ReadLines(string rootfs, string path)
    {
        var file = RootfsPath.Resolve(rootfs, path);
        try
        {
            return File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
        catch (IOException)
        {
            return null; // e.g. a directory where the file should be: treated like a missing file, as BuildKit does
        }
    }

    private sealed record PasswdEntry(string Name, long Uid, long Gid, string Home);

    private sealed record GroupEntry(string Name, long Gid, string[] Members);
}
