namespace Hoist.Building.Copy;

/// <summary>
/// What the planner needs to know about the stage being written: whether a path already is a directory there
/// (<c>COPY file /existing-dir</c> puts the file inside), and its users and groups for <c>--chown</c> names.
/// </summary>
public sealed record CopyDestination
{
    public static readonly CopyDestination Empty = new();

    /// <summary>True when the absolute path is an existing directory (symlinks followed) in the destination stage.</summary>
    public Func<string, bool> IsDirectory { get; init; } = _ => false;

    public IUserDatabase Users { get; init; } = PasswdDatabase.Empty;
}
