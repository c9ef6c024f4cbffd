namespace Hoist.Building.Copy;

/// <summary>
/// A <c>--chown</c> value, <c>user[:group]</c>, each part a name or a number (BuildKit's llb.WithUser). A numeric user
/// alone also sets the group to the same number; <c>root</c> counts as 0.
/// </summary>
public sealed record OwnerSpec(string? UserName, int? UserId, string? GroupName, int? GroupId)
{
    public static OwnerSpec Parse(string text)
    {
        var colon = text.IndexOf(':');
        var user = colon < 0 ? text : text[..colon];
        var group = colon < 0 ? null : text[(colon + 1)..];
        var userId = ParseId(user);
        int? groupId = group is null ? null : ParseId(group);
        return new OwnerSpec(userId is null ? user : null, userId, group is not null && groupId is null ? group : null, groupId);
    }

    /// <summary>
    /// Resolves names through the destination stage's /etc/passwd and /etc/group. As in BuildKit, a name that is not
    /// found (or a stage without those files) leaves the id at 0 rather than failing.
    /// </summary>
    public (int Uid, int Gid) Resolve(IUserDatabase users)
    {
        int uid = 0, gid = 0;
        if (UserId is { } id)
        {
            uid = id;
            gid = id;
        }
        else if (UserName is not null && users.FindUser(UserName) is { } found)
        {
            (uid, gid) = found;
        }
        if (GroupId is { } groupId) gid = groupId;
        else if (GroupName is not null && users.FindGroup(GroupName) is { } foundGroup) gid = foundGroup;
        return (uid, gid);
    }

    public override string ToString() =>
        (UserName ?? UserId?.ToString()) + (GroupName is not null || GroupId is not null ? ":" + (GroupName ?? GroupId?.ToString()) : "");

    private static int? ParseId(string text)
    {
        if (text == "root") return 0;
        // BuildKit's strconv.ParseUint: digits only, so "-5" is a name (not found: 0), never a negative id in a layer.
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
