using Hoist.Posix;

namespace Hoist.Building.Context.Git;

/// <summary>
/// Runs <c>git</c> for one git source, walled off from the machine: its whole environment is set here (an empty HOME
/// under <paramref name="root"/>, no system or global configuration, no terminal prompts), and every command carries
/// <c>-c</c> settings that disable hooks, credential helpers and fsmonitor and allow only the git, http and https
/// transports, for submodules and redirects too.
/// </summary>
internal sealed class GitCommand(string root, string remote)
{
    /// <summary>ls-remote output beyond this many refs is refused rather than held (a pattern matches a few).</summary>
    private const int MaxListedRefs = 10_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private static readonly string[] Settings =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "credential.helper=",
        "-c", "protocol.allow=never", "-c", "protocol.git.allow=always", "-c", "protocol.http.allow=always",
        "-c", "protocol.https.allow=always", "-c", "submodule.recurse=false", "-c", "core.symlinks=true",
        "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main", "-c", "safe.directory=*",
    ];

    public string Remote => remote;

    public async Task RunAsync(string directory, IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var result = await StartAsync(directory, arguments, onLine: null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw Failed(what, result.Error);
    }

    public async Task<bool> TryRunAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await StartAsync(directory, arguments, onLine: null, cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    /// <summary>The refs matching <paramref name="pattern"/> (and its peeled tag), name → id.</summary>
    public async Task<Dictionary<string, string>> ListRemoteAsync(string directory, string pattern, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var errors = new List<string>();
        var tooMany = false;
        void OnLine(string line, bool isError)
        {
            lock (lines)
            {
                if (isError) errors.Add(line);
                else if (lines.Count < MaxListedRefs) lines.Add(line);
                else tooMany = true;
            }
        }
        var result = await StartAsync(directory, ["ls-remote", remote, pattern, pattern + "^{}"], OnLine, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw Failed("ls-remote", string.Join('\n', errors));
        if (tooMany) throw new HoistException($"git source {remote}: more than {MaxListedRefs} refs match {pattern}");
        return GitRemoteRefs.Parse(lines);
    }

    private async Task<ChildProcessResult> StartAsync(string directory, IReadOnlyList<string> arguments, Action<string, bool>? onLine,
        CancellationToken cancellationToken)
    {
        var start = new ChildProcessStart("git", [.. Settings, .. arguments])
        {
            Environment = Environment(),
            WorkingDirectory = directory,
            OnLine = onLine,
            Timeout = Timeout,
        };
        try
        {
            return await ChildProcess.RunAsync(start, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            throw new HoistException($"git source {remote}: cannot run git ({e.Message}); install git to use git sources", e);
        }
        catch (TimeoutException e)
        {
            throw new HoistException($"git source {remote}: git {arguments[0]} did not finish within {Timeout.TotalMinutes:0} minutes", e);
        }
    }

    private Dictionary<string, string> Environment()
    {
        var home = Path.Combine(root, "home");
        Directory.CreateDirectory(home);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = home,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ALLOW_PROTOCOL"] = "git:http:https",
            ["GIT_PROTOCOL_FROM_USER"] = "0",
            ["GIT_SSH_COMMAND"] = "false",
            ["LC_ALL"] = "C",
        };
    }

    /// <summary>git's last <c>fatal:</c>/<c>error:</c> line (or its last line) names the cause.</summary>
    private HoistException Failed(string what, string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var cause = lines.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal))
            ?? lines.LastOrDefault() ?? "failed";
        return new HoistException($"git source {remote}: git {what}: {cause}");
    }
}
