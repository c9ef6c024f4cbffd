namespace Hoist.Building.Copy;

/// <summary>User and group names of the stage a COPY writes into.</summary>
public interface IUserDatabase
{
    /// <summary>The uid and primary gid of the first passwd entry with this name.</summary>
    (int Uid, int Gid)? FindUser(string name);

    /// <summary>The gid of the first group entry with this name.</summary>
    int? FindGroup(string name);
}
