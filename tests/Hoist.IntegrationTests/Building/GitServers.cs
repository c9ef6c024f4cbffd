using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// One bare repository served on 127.0.0.1 three ways, on free ports: <c>git daemon</c> (git://), <c>git
/// http-backend</c> as a CGI of busybox httpd (smart http) and the repository's files through the same httpd (dumb
/// http, after <c>git update-server-info</c>). Commits are made in a work repository at fixed times and pushed.
/// </summary>
public sealed class GitServers : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-git-servers-").FullName;
    private readonly List<Process> _servers = [];
    private readonly int _daemonPort;
    private readonly int _httpPort;
    private long _time = 1_700_000_000;

    public GitServers()
    {
        Work = Path.Combine(_root, "work");
        var www = Path.Combine(_root, "www");
        var repos = Path.Combine(www, "repos");
        Bare = Path.Combine(repos, "repo.git");
        Directory.CreateDirectory(Path.Combine(www, "cgi-bin"));
        HostCommand.Run("git", "init", "-q", "--bare", "-b", "main", Bare);
        HostCommand.Run("git", "init", "-q", "-b", "main", Work);
        WriteCgi(Path.Combine(www, "cgi-bin", "git"), repos);
        _daemonPort = FreePort();
        _servers.Add(Start("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={_daemonPort}", $"--base-path={repos}",
            "--export-all", repos));
        _httpPort = FreePort();
        _servers.Add(Start("busybox", "httpd", "-f", "-p", $"127.0.0.1:{_httpPort}", "-h", www));
    }

    public string Work { get; }

    public string Bare { get; }

    public string GitUrl => $"git://127.0.0.1:{_daemonPort}/repo.git";

    public string SmartHttpUrl => $"http://127.0.0.1:{_httpPort}/cgi-bin/git/repo.git";

    public string DumbHttpUrl => $"http://127.0.0.1:{_httpPort}/repos/repo.git";

    /// <summary>Commits what <paramref name="change"/> did in <see cref="Work"/> on <paramref name="branch"/>, pushes it
    /// and returns the commit id.</summary>
    public string Commit(string branch, Action<string> change)
    {
        HostCommand.Run("git", "-C", Work, "checkout", "-q", "-B", branch);
        change(Work);
        Git("add", "-A");
        var date = $"@{_time++} +0000";
        HostCommand.Run("env", $"GIT_AUTHOR_DATE={date}", $"GIT_COMMITTER_DATE={date}", "git", "-C", Work, "-c", "user.name=t",
            "-c", "user.email=t@x", "commit", "-q", "--no-gpg-sign", "-m", $"commit {_time}");
        Git("push", "-q", "-f", Bare, $"{branch}:refs/heads/{branch}");
        HostCommand.Run("git", "-C", Bare, "update-server-info");
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>Runs git in <see cref="Work"/>.</summary>
    public string Git(params string[] arguments) => HostCommand.Run("git", ["-C", Work, "-c", "user.name=t", "-c", "user.email=t@x", .. arguments]);

    /// <summary>Pushes tags from <see cref="Work"/>.</summary>
    public void PushTags()
    {
        Git("push", "-q", "-f", "--tags", Bare);
        HostCommand.Run("git", "-C", Bare, "update-server-info");
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            server.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    private static void WriteCgi(string path, string projectRoot)
    {
        var backend = Path.Combine(HostCommand.Run("git", "--exec-path").Trim(), "git-http-backend");
        File.WriteAllText(path, $"#!/bin/sh\nexport GIT_PROJECT_ROOT={projectRoot} GIT_HTTP_EXPORT_ALL=1\nexec {backend}\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts a server and waits until its port accepts connections.</summary>
    private static Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        var port = int.Parse(arguments.First(a => a.StartsWith("--port=", StringComparison.Ordinal) || a.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            .Split(['=', ':'])[^1]);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                if (process.HasExited) throw new InvalidOperationException($"{file} exited: {process.StandardError.ReadToEnd()}");
                Thread.Sleep(25);
            }
        }
        throw new InvalidOperationException($"{file} did not listen on {port}");
    }
}
