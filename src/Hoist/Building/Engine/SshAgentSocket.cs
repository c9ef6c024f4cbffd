using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// An SSH agent a build may use (<c>hoist build --ssh default=$SSH_AUTH_SOCK</c> or <c>--ssh ID=SOCKET</c>); a
/// <c>RUN --mount=type=ssh,id=ID</c> sees the socket and SSH_AUTH_SOCK points at it.
/// </summary>
public sealed record SshAgentSocket(string Id, string SocketPath)
{
    /// <summary>
    /// Parses a <c>--ssh</c> value: <c>ID</c> alone means the agent in this process's SSH_AUTH_SOCK, <c>ID=PATH</c> an
    /// agent socket. Key files (docker's <c>ID=KEYFILE</c>) are not supported: they need an agent of our own.
    /// </summary>
    public static SshAgentSocket Parse(string text)
    {
        var equals = text.IndexOf('=');
        var id = equals < 0 ? text : text[..equals];
        if (id.Length == 0) throw new HoistException($"invalid ssh \"{text}\": id is required");
        var path = equals < 0 ? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK") : text[(equals + 1)..].Split(',')[0];
        if (string.IsNullOrEmpty(path)) throw new HoistException($"invalid ssh \"{text}\": no socket given and SSH_AUTH_SOCK is not set");
        if (Native.LStat(Path.GetFullPath(path)) is not { } status) throw new HoistException($"ssh {id}: {path} does not exist");
        if (status.Type != FileStatus.Socket)
            throw new HoistException($"ssh {id}: {path} is not an agent socket (key files are not supported; run ssh-agent and ssh-add)");
        return new SshAgentSocket(id, Path.GetFullPath(path));
    }
}
