using System.Globalization;

namespace Hoist.Building.Copy;

/// <summary>An <see cref="IUserDatabase"/> over the text of /etc/passwd and /etc/group (either may be missing).</summary>
public sealed class PasswdDatabase(string? passwd, string? group) : IUserDatabase
{
    public static readonly PasswdDatabase Empty = new(null, null);

    public (int Uid, int Gid)? FindUser(string name)
    {
        foreach (var fields in Lines(passwd))
        {
            // name:password:uid:gid:gecos:home:shell
            if (fields.Length >= 4 && fields[0] == name && TryId(fields[2], out var uid) && TryId(fields[3], out var gid))
                return (uid, gid);
        }
        return null;
    }

    public int? FindGroup(string name)
    {
        foreach (var fields in Lines(group))
        {
            // name:password:gid:members
            if (fields.Length >= 3 && fields[0] == name && TryId(fields[2], out var gid)) return gid;
        }
        return null;
    }

    private static IEnumerable<string[]> Lines(string? text)
    {
        if (text is null) yield break;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            yield return line.Split(':');
        }
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
