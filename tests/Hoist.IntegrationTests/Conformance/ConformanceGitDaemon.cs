using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// The git daemon of the cases whose build.args say <c>{git}</c>: tests/conformance/git-fixture.sh writes the same
/// repository (same commit ids) that BuildKit read when the case was recorded, served on a free loopback port.
/// </summary>
public sealed class ConformanceGitDaemon : IDisposable
{
    public const string Placeholder = "{git}";

    private readonly string _root = Directory.CreateTempSubdirectory("hoist-conformance-git-").FullName;
    private readonly Process _daemon;

    public ConformanceGitDaemon()
    {
        HostCommand.Run(Path.Combine(ConformanceCase.CorpusDirectory, "git-fixture.sh"), _root);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", $"--base-path={_root}", _root])
            info.ArgumentList.Add(argument);
        _daemon = Process.Start(info)!;
        Url = $"git://127.0.0.1:{port}";
        for (var attempt = 0; attempt < 100 && !HostCommand.Succeeds("git", "ls-remote", Url + "/repo.git"); attempt++) Thread.Sleep(50);
    }

    /// <summary>What <see cref="Placeholder"/> stands for in this run.</summary>
    public string Url { get; }

    public void Dispose()
    {
        _daemon.Kill(entireProcessTree: true);
        _daemon.WaitForExit();
        _daemon.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
