using System.Diagnostics;

namespace Hoist.IntegrationTests.Formats;

/// <summary>
/// A private dockerd (no bridge, no iptables, its own socket, data root and exec root) started on first use, as
/// tests/conformance/record.sh starts one, and stopped when the test class is done.
/// </summary>
public sealed class DockerDaemon : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private Process? _process;

    private string Socket => $"/tmp/hoist-fmt-{_id}.sock";

    private string DataRoot => $"/var/lib/docker-hoist-fmt/{_id}";

    private string ExecRoot => $"/tmp/hoist-fmt-exec-{_id}";

    private string LogPath => Path.Combine(Path.GetTempPath(), $"hoist-fmt-dockerd-{_id}.log");

    /// <summary>Runs the docker CLI against this daemon (starting it if needed) and returns standard output.</summary>
    public string Docker(params string[] args)
    {
        EnsureStarted();
        return BusyboxImage.Run(ToolPath.FindDocker("docker")!, ["--host", "unix://" + Socket, .. args]);
    }

    private void EnsureStarted()
    {
        if (_process is not null) return;
        var dockerd = ToolPath.FindDocker("dockerd")!;
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = false, RedirectStandardError = false };
        // Through sh only to send the daemon's output to a log file we can show when it fails to start.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >\"$HOIST_DOCKERD_LOG\" 2>&1");
        foreach (var arg in new[] { dockerd, "--bridge=none", "--iptables=false", "--ip-masq=false", "--host", "unix://" + Socket,
                     "--data-root", DataRoot, "--exec-root", ExecRoot, "--pidfile", Path.Combine(ExecRoot, "dockerd.pid") })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["HOIST_DOCKERD_LOG"] = LogPath;
        psi.Environment["PATH"] = $"{ToolPath.DockerPrefix}/usr/bin:{ToolPath.DockerPrefix}/usr/sbin:{Environment.GetEnvironmentVariable("PATH")}";
        _process = Process.Start(psi)!;
        var docker = ToolPath.FindDocker("docker")!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) break;
            if (File.Exists(Socket) && Succeeds(docker, "--host", "unix://" + Socket, "version")) return;
            // Polling a daemon's socket has no event to wait on; a short pause between probes is the honest option.
            _process.WaitForExit(200);
        }
        var log = File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";
        throw new InvalidOperationException($"dockerd did not start within 60 s:\n{log[^Math.Min(log.Length, 4000)..]}");
    }

    private static bool Succeeds(string file, params string[] args) => HostCommand.Succeeds(file, args);

    public void Dispose()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            // SIGTERM first: dockerd then stops its containerd and unmounts its layers.
            Succeeds("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        foreach (var path in new[] { DataRoot, ExecRoot })
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A layer still mounted by a crashed daemon; left for the machine's owner rather than forced.
            }
        }
        File.Delete(LogPath);
        File.Delete(Socket);
    }
}
