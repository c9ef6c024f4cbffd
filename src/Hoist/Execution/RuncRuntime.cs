using System.Diagnostics;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// Runs RUN steps with an OCI runtime CLI (runc): writes a bundle (config.json plus the generated hosts and resolv.conf)
/// to a scratch directory, starts the sandbox network when the RUN has one, runs <c>runc run --bundle DIR ID</c> in the
/// foreground in a cgroup of its own with a pids limit, and always deletes the container, its network and the bundle
/// afterwards, however the RUN ended. Nothing a container does (output included) becomes an unhandled exception.
/// </summary>
public sealed class RuncRuntime : IContainerRuntime, IAsyncDisposable
{
    private readonly RuncRuntimeOptions _options;
    private readonly SandboxNetworkPool? _networks;

    public RuncRuntime(RuncRuntimeOptions? options = null)
    {
        _options = options ?? new RuncRuntimeOptions();
        if (_options.ReuseNetworks) _networks = new SandboxNetworkPool(ct => StartNetwork(NetworkStack.Find(_options.NetworkStacks), ct));
    }

    /// <summary>Starts the sandbox network of a RUN about to run (see <see cref="RuncRuntimeOptions.ReuseNetworks"/>).</summary>
    public void PrepareNetwork(NetworkMode network)
    {
        if (network != NetworkMode.Sandbox || _networks is null) return;
        try
        {
            _networks.Warm();
        }
        catch (HoistException)
        {
            // no network stack: the RUN itself reports it
        }
    }

    public async Task<ContainerResult> RunAsync(ContainerRunRequest request, Action<ContainerOutputLine>? output,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Platform is { } platform) BinfmtEmulation.Default.EnsureFor(platform);
        var root = Path.GetFullPath(request.RootPath);
        var user = UserResolver.Resolve(root, request.User);
        EnsureWorkingDirectory(root, request.WorkingDirectory);
        var stack = request.Network == NetworkMode.Sandbox ? NetworkStack.Find(_options.NetworkStacks) : null;

        var id = "hoist-" + Guid.NewGuid().ToString("N")[..16];
        var bundle = Path.Combine(_options.BundleRoot?.Invoke() ?? Path.GetTempPath(), id);
        Directory.CreateDirectory(bundle);
        MountStubs? stubs = null;
        // The network starts while the bundle is written, or was started ahead or used by an earlier RUN of the build:
        // pasta's start-up is most of a sandboxed RUN's overhead.
        var pooled = stack is not null && _networks is not null && request.PublishedPorts.Count == 0;
        var network = stack is null ? null
            : pooled ? _networks!.Take(cancellationToken)
            : StartNetwork(stack, cancellationToken, request.PublishedPorts);
        try
        {
            var spec = await WriteBundleAsync(request, root, user, id, bundle, stack, network?.Directory, cancellationToken).ConfigureAwait(false);
            if (network is not null) await network.Ready.ConfigureAwait(false);
            stubs = MountStubs.Record(root, spec.Mounts.Select(m => m.Destination));
            return await RunContainerAsync(id, bundle, request.Stdio == ContainerStdio.Captured ? output : null, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            if (MayExist(id)) await RuntimeCommandAsync(["delete", "--force", id]).ConfigureAwait(false);
            if (network is not null) await ReleaseNetworkAsync(network, pooled, request.Security).ConfigureAwait(false);
            stubs?.Remove();
            try
            {
                Directory.Delete(bundle, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<RuntimeSpec> WriteBundleAsync(ContainerRunRequest request, string root, ResolvedUser user, string id,
        string bundle, NetworkStack? stack, string? networkDirectory, CancellationToken cancellationToken)
    {
        var hosts = Path.Combine(bundle, "hosts");
        await File.WriteAllTextAsync(hosts, SandboxFiles.Hosts(request.Hostname, [.. _options.Sandbox.ExtraHosts, .. request.ExtraHosts]), cancellationToken).ConfigureAwait(false);
        var resolv = Path.Combine(bundle, "resolv.conf");
        var nameserver = stack is null ? null : SandboxNetwork.NameserverOf(stack.Kind);
        await File.WriteAllTextAsync(resolv, SandboxFiles.ResolvConf(SandboxFiles.ReadHostResolvConf(), request.Network, nameserver),
            cancellationToken).ConfigureAwait(false);
        var mounts = request.Mounts.Concat(await WriteInlineFilesAsync(bundle, request.Files, cancellationToken).ConfigureAwait(false)).ToList();

        var spec = RuntimeSpecBuilder.Build(new ContainerSpecOptions
        {
            RootPath = root,
            Args = request.Args,
            Env = ContainerEnvironment(request, user),
            Terminal = request.Stdio == ContainerStdio.Terminal,
            WorkingDirectory = request.WorkingDirectory,
            User = user,
            Network = request.Network,
            NetworkNamespacePath = networkDirectory is null ? null : SandboxNetwork.NamespacePathIn(networkDirectory),
            Security = request.Security,
            PidsLimit = _options.PidsLimit,
            Hostname = request.Hostname,
            HostsPath = hosts,
            ResolvConfPath = resolv,
            ExtraMounts = mounts,
            OpenFilesLimit = RuntimeSpecBuilder.CurrentOpenFilesLimit(),
            Rlimits = _options.Sandbox.Ulimits,
            ShmSize = _options.Sandbox.ShmSize ?? ContainerSpecOptions.DefaultShmSize,
            // A relative path: runc puts the container's own cgroup below the one it (and so Hoist) runs in.
            CgroupsPath = _options.CgroupParent is null ? id : $"{_options.CgroupParent.TrimEnd('/')}/{id}",
        });
        await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), RuntimeSpecBuilder.Serialize(spec), cancellationToken)
            .ConfigureAwait(false);
        return spec;
    }

    /// <summary>A RUN's network after its container is deleted: back to the pool (an insecure RUN held CAP_NET_ADMIN and
    /// may have changed its routes or firewall, so its network is never reused), or stopped.</summary>
    private async Task ReleaseNetworkAsync(PendingNetwork network, bool pooled, SecurityMode security)
    {
        if (pooled) await _networks!.ReturnAsync(network, reusable: security != SecurityMode.Insecure).ConfigureAwait(false);
        else await SandboxNetworkPool.StopAsync(network).ConfigureAwait(false);
    }

    /// <summary>A new network; one with published ports is never a spare (the ports are the request's own).</summary>
    private PendingNetwork StartNetwork(NetworkStack stack, CancellationToken cancellationToken, IReadOnlyList<PublishedPort>? publishedPorts = null)
    {
        var directory = Path.Combine(_options.BundleRoot?.Invoke() ?? Path.GetTempPath(), "hoist-net-" + Guid.NewGuid().ToString("N")[..16]);
        Directory.CreateDirectory(directory);
        return new PendingNetwork(directory, SandboxNetwork.StartAsync(directory, stack, cancellationToken, publishedPorts ?? []));
    }

    /// <summary>Stops the networks kept for reuse.</summary>
    public ValueTask DisposeAsync() => _networks?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The process environment; with a terminal docker's <c>TERM=xterm</c> unless the image or <c>-e</c> set one.</summary>
    private static IReadOnlyList<string> ContainerEnvironment(ContainerRunRequest request, ResolvedUser user)
    {
        var env = ProcessEnvironment.Build(request.Env, user.Home);
        return request.Stdio == ContainerStdio.Terminal && !env.Any(e => e.StartsWith("TERM=", StringComparison.Ordinal)) ? [.. env, "TERM=xterm"] : env;
    }

    /// <summary>Runs the container in the foreground; a null <paramref name="output"/> hands Hoist's own standard
    /// streams to the runtime (<see cref="ContainerStdio.Attached"/>, <see cref="ContainerStdio.Terminal"/>).</summary>
    private async Task<ContainerResult> RunContainerAsync(string id, string bundle, Action<ContainerOutputLine>? output,
        CancellationToken cancellationToken)
    {
        var lastLines = new Queue<string>();
        Exception? outputFailure = null;
        void OnLine(string text, bool isError)
        {
            lock (lastLines)
            {
                lastLines.Enqueue(text);
                while (lastLines.Count > _options.LastLines) lastLines.Dequeue();
            }
            // Whatever the renderer makes of a line, it must not take Hoist down: the first failure ends the step.
            try
            {
                output?.Invoke(new ContainerOutputLine(isError, text));
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref outputFailure, e, null);
            }
        }
        var run = new ChildProcessStart(_options.RuntimePath, RuntimeArguments(["run", "--bundle", bundle, id]))
        {
            OnLine = OnLine,
            InheritStdio = output is null,
            Stop = process => KillAsync(id, process),
        };
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            throw new HoistException($"cannot run the OCI runtime {_options.RuntimePath}: {e.InnerException!.Message}", e);
        }
        if (outputFailure is { } failure) throw new HoistException($"reading the RUN's output failed: {failure.Message}", failure);
        lock (lastLines) return new ContainerResult(result.ExitCode, lastLines.ToArray());
    }

    /// <summary>
    /// Kills and deletes every container in this runtime's state directory that <paramref name="isOrphan"/> says was
    /// left by a dead process (it gets the container's bundle directory): what a SIGKILLed Hoist could not clean up.
    /// </summary>
    public void ReapOrphans(Func<string, bool> isOrphan)
    {
        foreach (var container in List().Where(c => isOrphan(c.Bundle)))
        {
            RuntimeCommand(["kill", container.Id, "KILL"]);
            RuntimeCommand(["delete", "--force", container.Id]);
        }
    }

    /// <summary>The containers in this runtime's state directory (<c>runc list</c>); empty when it cannot tell.</summary>
    public IReadOnlyList<RuncListEntry> List()
    {
        // runc keeps a directory per container there: none means nothing to list, without starting runc (every build
        // asks, and a warm build runs no container at all).
        if (_options.StateRoot is { } state && (!Directory.Exists(state) || !Directory.EnumerateDirectories(state).Any())) return [];
        var text = RuntimeCommand(["list", "--format", "json"]);
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(text, RuntimeSpecJsonContext.Default.RuncListEntryArray) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    /// <summary>Runs a short runtime subcommand synchronously and returns its standard output ("" when it cannot run).</summary>
    private string RuntimeCommand(IReadOnlyList<string> args)
    {
        try
        {
            return ChildProcess.Run(new ChildProcessStart(_options.RuntimePath, RuntimeArguments(args)) { Timeout = TimeSpan.FromSeconds(10) }).Output;
        }
        catch (Exception e) when (e is ChildProcessStartException or TimeoutException)
        {
            return "";
        }
    }

    /// <summary>
    /// Sends SIGKILL until the foreground runtime returns. Repeating covers the moment before the container exists, when a
    /// single kill would miss it; the final <c>delete --force</c> catches anything left.
    /// </summary>
    private async Task KillAsync(string id, Process process)
    {
        using var deadline = new CancellationTokenSource(_options.KillTimeout);
        while (!process.HasExited && !deadline.IsCancellationRequested)
        {
            await RuntimeCommandAsync(["kill", id, "KILL"]).ConfigureAwait(false);
            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// False when the runtime's state directory shows the container is gone: <c>runc run</c> in the foreground destroys
    /// its container (state and cgroups) when the process exits, so after a RUN that ended normally <c>delete --force</c>
    /// would only start one more runtime process (50–200 ms). A cancelled or killed runtime leaves its state: deleted.
    /// </summary>
    private bool MayExist(string id) => _options.StateRoot is not { } state || Directory.Exists(Path.Combine(state, id));

    /// <summary>Runs a short runtime subcommand (kill, delete); failures are expected when the container is already gone.</summary>
    private async Task RuntimeCommandAsync(IReadOnlyList<string> args)
    {
        try
        {
            await ChildProcess.RunAsync(new ChildProcessStart(_options.RuntimePath, RuntimeArguments(args))).ConfigureAwait(false);
        }
        catch (ChildProcessStartException)
        {
        }
    }

    private List<string> RuntimeArguments(IReadOnlyList<string> args) =>
        _options.StateRoot is null ? [.. args] : ["--root", _options.StateRoot, .. args];

    private static async Task<IReadOnlyList<RuntimeMount>> WriteInlineFilesAsync(string bundle, IReadOnlyList<InlineFile> files,
        CancellationToken cancellationToken)
    {
        var mounts = new List<RuntimeMount>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var host = Path.Combine(bundle, $"file{i}");
            await File.WriteAllTextAsync(host, file.Content, cancellationToken).ConfigureAwait(false);
            Native.SetMode(host, file.Mode);
            mounts.Add(new RuntimeMount(file.ContainerPath, "bind", host, ["rbind", "ro"]));
        }
        return mounts;
    }

    /// <summary>Creates a missing WORKDIR inside the root (symlinks resolved within it), owned by root with mode 0755.</summary>
    internal static void EnsureWorkingDirectory(string root, string workingDirectory)
    {
        var host = RootfsPath.Resolve(root, workingDirectory);
        if (Directory.Exists(host)) return;
        // Create one level at a time so each new directory gets 0755 regardless of the umask.
        var relative = host.Length > root.Length ? host[(root.Length + 1)..] : "";
        var current = root;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (Directory.Exists(current)) continue;
            Directory.CreateDirectory(current);
            Native.SetMode(current, (UnixFileMode)0b111_101_101);
        }
    }
}
