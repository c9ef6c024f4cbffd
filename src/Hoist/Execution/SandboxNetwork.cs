using System.Diagnostics;
using System.Globalization;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// The network of one sandboxed RUN: a private network namespace (bound to a file in the bundle, so runc can join it
/// and a sweep after a crash can find it) connected to the outside by a user-mode network stack running on the host.
/// The stack makes ordinary outbound connections on the container's behalf; it forwards no ports in either direction
/// (but the ones <c>hoist run -p</c> publishes into the namespace) and does not map any address to the host's loopback,
/// so services on the build host's 127.0.0.1 stay out of reach.
/// DNS goes to <see cref="Nameserver"/>, which the stack forwards to the host's resolver. The network owns its
/// directory (named <c>hoist-net-…</c> beside the bundles) and removes it when disposed.
/// </summary>
public sealed class SandboxNetwork : IAsyncDisposable
{
    /// <summary>The address pasta answers DNS on (link-local, so it never collides with a real network).</summary>
    private const string PastaDnsAddress = "169.254.1.1";

    /// <summary>slirp4netns's built-in DNS forwarder.</summary>
    private const string SlirpDnsAddress = "10.0.2.3";

    /// <summary>Files named so beside the namespace hold the stack's process id, for the sweep after a crash.</summary>
    public const string PidFileName = "network.pid";

    private readonly string _directory;
    private Process? _slirp;

    private SandboxNetwork(string directory, string nameserver)
    {
        _directory = directory;
        Nameserver = nameserver;
    }

    public string NamespacePath => NamespacePathIn(_directory);

    public string Nameserver { get; }

    /// <summary>The nameserver a RUN's resolv.conf names under this stack.</summary>
    public static string NameserverOf(NetworkStackKind kind) => kind == NetworkStackKind.Pasta ? PastaDnsAddress : SlirpDnsAddress;

    /// <summary>Where <see cref="StartAsync"/> binds the namespace for a RUN whose files are in <paramref name="directory"/>.</summary>
    public static string NamespacePathIn(string directory) => Path.Combine(directory, "netns");

    /// <param name="publishedPorts">host ports forwarded into the namespace, chosen already.</param>
    public static async Task<SandboxNetwork> StartAsync(string directory, NetworkStack stack, CancellationToken cancellationToken,
        IReadOnlyList<PublishedPort>? publishedPorts = null)
    {
        var network = new SandboxNetwork(directory, NameserverOf(stack.Kind));
        try
        {
            await File.WriteAllBytesAsync(network.NamespacePath, [], cancellationToken).ConfigureAwait(false);
            await RunAsync("unshare", ["--net=" + network.NamespacePath, "true"], "creating the RUN network namespace", cancellationToken)
                .ConfigureAwait(false);
            if (stack.Kind == NetworkStackKind.Pasta) await network.StartPastaAsync(stack.Path, publishedPorts ?? [], cancellationToken).ConfigureAwait(false);
            else await network.StartSlirpAsync(stack.Path, publishedPorts ?? [], cancellationToken).ConfigureAwait(false);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// pasta configures the namespace's interface, address and routes (copied from the host's), then daemonises; its
    /// foreground process returns once the namespace is ready. No port forwarding either way (-t/-u/-T/-U none) but the
    /// TCP (-t) and UDP (-u) ports <c>hoist run -p</c> publishes, no gateway-to-host-loopback mapping (--no-map-gw); it
    /// stays root (--runas 0) because the namespace belongs to the host's user namespace.
    /// </summary>
    private Task StartPastaAsync(string pasta, IReadOnlyList<PublishedPort> publishedPorts, CancellationToken cancellationToken) =>
        // .NET ignores SIGPIPE and a child inherits that; pasta (2023) reads an ignored SIGPIPE as a failure to set up.
        RunAsync("env",
        [
            "--default-signal=PIPE", pasta, "--quiet", "--runas", "0", "--config-net", "--netns", NamespacePath, "--pid", Path.Combine(_directory, PidFileName),
            .. PastaForwards("-t", publishedPorts.Where(p => !p.IsUdp)), .. PastaForwards("-u", publishedPorts.Where(p => p.IsUdp)),
            "-T", "none", "-U", "none", "--no-map-gw", "--dns-forward", PastaDnsAddress,
        ], "starting pasta for the RUN network", cancellationToken);

    private static IEnumerable<string> PastaForwards(string option, IEnumerable<PublishedPort> ports)
    {
        var specs = ports.Select(p => p.PastaSpec).ToList();
        return specs.Count == 0 ? [option, "none"] : specs.SelectMany(s => new[] { option, s });
    }

    /// <summary>
    /// slirp4netns stays in the foreground and writes "1" to its ready fd once the namespace is configured: a shell
    /// points that fd at the standard output pipe (its own printed lines go to /dev/null). Published ports are added
    /// through its API socket once it is ready.
    /// </summary>
    private async Task StartSlirpAsync(string slirp, IReadOnlyList<PublishedPort> publishedPorts, CancellationToken cancellationToken)
    {
        if (publishedPorts.FirstOrDefault(p => p.IsUdp) is { } udp)
        {
            // slirp4netns sends the replies of a forwarded UDP port to its host-loopback gateway, which the sandbox keeps closed.
            throw new HoistException($"-p {udp.ContainerPortName}: publishing UDP ports needs pasta (Debian package passt); slirp4netns cannot answer them "
                + "without opening the host's loopback to the container");
        }
        var api = Path.Combine(_directory, "slirp.sock");
        var start = StartInfo("sh",
        [
            "-c", "exec \"$@\" 3>&1 >/dev/null", "sh", slirp, "--ready-fd=3", "--configure", "--mtu=65520", "--disable-host-loopback",
            .. publishedPorts.Count == 0 ? Array.Empty<string>() : ["--api-socket", api], "--netns-type=path", NamespacePath, "tap0",
        ]);
        _slirp = Process.Start(start) ?? throw new HoistException("cannot start slirp4netns");
        _slirp.StandardInput.Close();
        await File.WriteAllTextAsync(Path.Combine(_directory, PidFileName), _slirp.Id.ToString(CultureInfo.InvariantCulture), cancellationToken)
            .ConfigureAwait(false);
        var error = _slirp.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var ready = new char[1];
        if (await _slirp.StandardOutput.ReadAsync(ready, deadline.Token).ConfigureAwait(false) == 1 && ready[0] == '1')
        {
            foreach (var port in publishedPorts) await SlirpPortForward.AddAsync(api, port, deadline.Token).ConfigureAwait(false);
            return;
        }
        await _slirp.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        throw new HoistException("starting slirp4netns for the RUN network: " + (await error.ConfigureAwait(false)).Trim().Split('\n')[0]);
    }

    /// <summary>
    /// True when no process is in the namespace (the stack runs outside it): what a RUN started, background daemons
    /// included, is gone, so the namespace may serve the next RUN. Unknown (the namespace unreadable) counts as not empty.
    /// </summary>
    public bool IsEmpty()
    {
        if (Native.LStat(NamespacePath) is not { } status) return false;
        var link = $"net:[{status.Inode}]";
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            try
            {
                if (new FileInfo(Path.Combine(process, "ns", "net")).LinkTarget == link) return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while the list was read
            }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_slirp is not null)
        {
            if (!_slirp.HasExited) _slirp.Kill();
            await _slirp.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _slirp.Dispose();
        }
        else
        {
            KillRecorded(_directory);
        }
        Native.Unmount(NamespacePath);
        ScratchSpace.DeleteTree(_directory);
    }

    /// <summary>Stops the network stack whose pid file is in <paramref name="directory"/>, if that process is still a network stack.</summary>
    internal static void KillRecorded(string directory)
    {
        var pidFile = Path.Combine(directory, PidFileName);
        if (!File.Exists(pidFile)) return;
        if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return;
        string comm;
        try
        {
            comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return;
        }
        if (comm is not ("pasta" or "passt" or "pasta.avx2" or "passt.avx2" or "slirp4netns")) return; // the pid was reused
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        // The daemonised stack is not our child: its sockets (published ports) close only once it is gone, which a
        // caller that exits next (hoist run) must not leave to chance.
        Native.WaitForExit(pid, 2_000);
    }

    private static ProcessStartInfo StartInfo(string command, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(ProgramPath.Resolve(command))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    private static async Task RunAsync(string command, IReadOnlyList<string> args, string what, CancellationToken cancellationToken)
    {
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(new ChildProcessStart(command, args), cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            throw new HoistException($"{what}: cannot run {command}: {e.InnerException!.Message}", e);
        }
        var text = (result.Error + result.Output).Trim();
        if (result.ExitCode != 0)
            throw new HoistException($"{what}: {Path.GetFileName(command)} exited with {result.ExitCode}: {text.Split('\n')[0]}");
    }
}
