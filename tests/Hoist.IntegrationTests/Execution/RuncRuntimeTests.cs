using System.Text;
using Hoist.Execution;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.IntegrationTests.Execution;

/// <summary>RUN steps in real runc containers over real overlay snapshots of the busybox fixture.</summary>
public sealed class RuncRuntimeTests : IClassFixture<BusyboxRootfs>
{
    private readonly BusyboxRootfs _busybox;

    public RuncRuntimeTests(BusyboxRootfs busybox)
    {
        _busybox = busybox;
    }

    private sealed record Run(ContainerResult Result, string Stdout, IRunSnapshot Snapshot, string RuncRoot, string BundleRoot);

    private async Task<Run> RunAsync(string script, Func<ContainerRunRequest, ContainerRunRequest>? change = null,
        ISnapshotter? snapshotter = null, RuncRuntimeOptions? runtime = null)
    {
        var work = _busybox.NewDirectory("run");
        snapshotter ??= new OverlaySnapshotter(Path.Combine(work, "snapshots"));
        var snapshot = await snapshotter.PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        var runcRoot = Path.Combine(work, "runc");
        var bundles = Path.Combine(work, "bundles");
        Directory.CreateDirectory(bundles);
        var runc = new RuncRuntime((runtime ?? new RuncRuntimeOptions()) with { StateRoot = runcRoot, BundleRoot = () => bundles });
        var request = new ContainerRunRequest { RootPath = snapshot.RootPath, Args = ["/bin/sh", "-c", script] };
        request = change?.Invoke(request) ?? request;
        var stdout = new StringBuilder();
        try
        {
            var result = await runc.RunAsync(request, line =>
            {
                if (!line.IsStandardError) lock (stdout) stdout.Append(line.Text).Append('\n');
            }, CancellationToken.None);
            await snapshot.UnmountAsync();
            Assert.True(result.ExitCode == 0 || script.Contains("exit"), "RUN failed: " + string.Join('\n', result.LastLines));
            return new Run(result, stdout.ToString(), snapshot, runcRoot, bundles);
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    [RootFact]
    public async Task A_written_file_lands_in_the_upper_directory_only()
    {
        var run = await RunAsync("echo hello > /greeting && mkdir -p /opt/app && echo x > /opt/app/y");
        await using var _ = run.Snapshot;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(run.Snapshot.UpperPath!, "greeting")));
        Assert.True(File.Exists(Path.Combine(run.Snapshot.UpperPath!, "opt", "app", "y")));
        Assert.False(File.Exists(Path.Combine(_busybox.LowerPath, "greeting")));
        Assert.False(Directory.Exists(Path.Combine(_busybox.LowerPath, "opt")));
    }

    [RootFact]
    public async Task Deleting_a_lower_file_leaves_an_overlay_whiteout()
    {
        var run = await RunAsync("rm /bin/ls");
        await using var _ = run.Snapshot;

        Assert.Equal(0, run.Result.ExitCode);
        var whiteout = Native.LStat(Path.Combine(run.Snapshot.UpperPath!, "bin", "ls"));
        Assert.NotNull(whiteout);
        Assert.True(whiteout.Value.IsOverlayWhiteout);
        Assert.NotNull(Native.LStat(Path.Combine(_busybox.LowerPath, "bin", "ls")));
    }

    [RootFact]
    public async Task Replacing_a_lower_directory_makes_it_opaque()
    {
        var run = await RunAsync("rm -rf /usr/bin && mkdir /usr/bin && echo new > /usr/bin/only");
        await using var _ = run.Snapshot;

        Assert.Equal(0, run.Result.ExitCode);
        var dir = Path.Combine(run.Snapshot.UpperPath!, "usr", "bin");
        Assert.Equal("y", Encoding.ASCII.GetString(Native.GetXattr(dir, "trusted.overlay.opaque") ?? []));
        Assert.Equal(["only"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [RootFact]
    public async Task A_numeric_user_runs_with_that_uid()
    {
        var run = await RunAsync("id -u; id -g", r => r with { User = "65532" });
        await using var _ = run.Snapshot;

        Assert.Equal("65532\n65532\n", run.Stdout);
    }

    [RootFact]
    public async Task A_named_user_gets_its_passwd_entry_and_home()
    {
        var run = await RunAsync("id -un; echo $HOME", r => r with { User = "nobody" });
        await using var _ = run.Snapshot;

        Assert.Equal("nobody\n/nonexistent\n", run.Stdout);
    }

    [RootFact]
    public async Task An_unknown_user_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => RunAsync("true", r => r with { User = "ghost" }));

        Assert.Equal("unable to find user ghost: no matching entries in passwd file", error.Message);
    }

    [RootFact]
    public async Task A_missing_workdir_is_created_and_used()
    {
        var run = await RunAsync("pwd", r => r with { WorkingDirectory = "/app/src" });
        await using var _ = run.Snapshot;

        Assert.Equal("/app/src\n", run.Stdout);
        Assert.True(Directory.Exists(Path.Combine(run.Snapshot.UpperPath!, "app", "src")));
    }

    [RootFact]
    public async Task Network_none_has_only_loopback()
    {
        var run = await RunAsync("cat /proc/net/dev", r => r with { Network = NetworkMode.None });
        await using var _ = run.Snapshot;

        Assert.Equal(["lo"], Interfaces(run.Stdout));
    }

    [RootFact]
    public async Task Host_network_sees_the_host_interfaces()
    {
        var run = await RunAsync("cat /proc/net/dev", r => r with { Network = NetworkMode.Host });
        await using var _ = run.Snapshot;

        Assert.Equal(Interfaces(File.ReadAllText("/proc/net/dev")), Interfaces(run.Stdout));
    }

    [RootFact]
    public async Task The_sandbox_network_has_its_own_interface_and_the_stacks_dns_forwarder()
    {
        var run = await RunAsync("cat /proc/net/dev; grep nameserver /etc/resolv.conf");
        await using var _ = run.Snapshot;

        Assert.Contains(Interfaces(run.Stdout), i => i != "lo");
        Assert.Equal("nameserver 169.254.1.1", run.Stdout.Trim().Split('\n')[^1]);
        Assert.Empty(Directory.GetFileSystemEntries(run.BundleRoot)); // namespace unmounted, stack stopped, bundle gone
    }

    [RootFact]
    public async Task Reused_networks_serve_sequential_runs_but_nothing_a_run_started_survives_into_the_next()
    {
        var work = _busybox.NewDirectory("reuse");
        await using var snapshot = await new OverlaySnapshotter(Path.Combine(work, "snapshots")).PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        var bundles = Path.Combine(work, "bundles");
        Directory.CreateDirectory(bundles);
        var runtime = new RuncRuntime(new RuncRuntimeOptions { StateRoot = Path.Combine(work, "runc"), BundleRoot = () => bundles, ReuseNetworks = true });
        async Task<string> Run(string script, SecurityMode security = SecurityMode.Sandbox)
        {
            var stdout = new StringBuilder();
            var result = await runtime.RunAsync(new ContainerRunRequest { RootPath = snapshot.RootPath, Args = ["sh", "-c", script], Security = security },
                line =>
                {
                    if (!line.IsStandardError) stdout.Append(line.Text).Append('\n');
                }, CancellationToken.None);
            Assert.True(result.ExitCode == 0, string.Join('\n', result.LastLines));
            return stdout.ToString();
        }
        const string Namespace = "readlink /proc/self/ns/net";

        string[] Networks() => [.. Directory.GetDirectories(bundles).Select(d => Path.GetFileName(d))];

        runtime.PrepareNetwork(NetworkMode.Sandbox);
        var first = await Run($"{Namespace}; nc -l -p 7777 </dev/null >/dev/null 2>&1 & sleep 1000 </dev/null >/dev/null 2>&1 & sleep 0.3");
        var kept = Assert.Single(Networks());
        var second = await Run($"{Namespace}; if echo hi | nc -w 2 127.0.0.1 7777; then echo reached; else echo alone; fi");
        Assert.Equal([kept], Networks());
        await Run(Namespace, SecurityMode.Insecure);
        Assert.Empty(Networks()); // a RUN holding CAP_NET_ADMIN may have changed its network: stopped, not kept
        await Run(Namespace);

        Assert.Equal(first.Trim(), second.Split('\n')[0]); // the same namespace served both RUNs
        Assert.Equal("alone", second.Split('\n')[1]); // the first RUN's listener went with its container
        Assert.NotEqual(kept, Assert.Single(Networks())); // a new one after the insecure RUN
        await runtime.DisposeAsync();
        Assert.Empty(Directory.GetFileSystemEntries(bundles));
    }

    [RootFact]
    public async Task A_network_with_a_process_inside_is_not_empty()
    {
        var directory = _busybox.NewDirectory("occupied");
        await using var network = await SandboxNetwork.StartAsync(directory, NetworkStack.Find(NetworkStack.DefaultCandidates), CancellationToken.None);
        Assert.True(network.IsEmpty());

        using var inside = System.Diagnostics.Process.Start("nsenter", ["--net=" + network.NamespacePath, "sleep", "1000"]);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (network.IsEmpty() && DateTime.UtcNow < deadline) await Task.Delay(20); // nsenter enters, then execs sleep
            Assert.False(network.IsEmpty());
        }
        finally
        {
            inside.Kill();
            await inside.WaitForExitAsync();
        }
        Assert.True(network.IsEmpty());
    }

    [RootFact]
    public async Task A_failing_output_consumer_fails_the_run_instead_of_hoist()
    {
        var work = _busybox.NewDirectory("output");
        await using var snapshot = await new OverlaySnapshotter(Path.Combine(work, "snapshots")).PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        var bundles = Path.Combine(work, "bundles");
        var runtime = new RuncRuntime(new RuncRuntimeOptions { StateRoot = Path.Combine(work, "runc"), BundleRoot = () => bundles });

        var error = await Assert.ThrowsAsync<HoistException>(() => runtime.RunAsync(
            new ContainerRunRequest { RootPath = snapshot.RootPath, Args = ["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x; echo; echo done"], Network = NetworkMode.None },
            line => throw new InvalidOperationException("renderer broke on a line of " + line.Text.Length),
            CancellationToken.None));

        Assert.Equal($"reading the RUN's output failed: renderer broke on a line of {BoundedLineReader.MaxLineLength}", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(bundles));
        Assert.Equal("", BusyboxRootfs.Run("runc", "--root", Path.Combine(work, "runc"), "list", "-q").Trim());
    }

    [RootFact]
    public async Task Without_a_user_mode_network_stack_the_sandbox_network_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => RunAsync("true", runtime: new RuncRuntimeOptions { NetworkStacks = ["/nonexistent/pasta"] }));

        Assert.StartsWith("the default network (of a RUN or hoist run) needs a user-mode network stack and none was found: install the Debian package passt", error.Message);
    }

    [RootFact]
    public async Task The_slirp4netns_fallback_gives_the_same_private_network()
    {
        var run = await RunAsync("cat /proc/net/dev; grep nameserver /etc/resolv.conf", runtime: new RuncRuntimeOptions { NetworkStacks = ["slirp4netns"] });
        await using var _ = run.Snapshot;

        Assert.Contains("tap0", Interfaces(run.Stdout));
        Assert.Equal("nameserver 10.0.2.3", run.Stdout.Trim().Split('\n')[^1]);
    }

    [RootFact]
    public async Task The_slirp4netns_fallback_publishes_a_port_through_its_api_socket()
    {
        var port = Building.LoopbackListener.FreePort();
        var published = new PublishedPort("127.0.0.1", port, 80, "tcp");
        var stacks = new RuncRuntimeOptions { NetworkStacks = ["slirp4netns"] };

        // The container answers one connection and exits; the host side retries until the forward is up.
        var container = RunAsync("echo through-slirp | nc -l -p 80", r => r with { PublishedPorts = [published] }, runtime: stacks);
        var answer = await ReadWhenUpAsync(port, container);
        await using var _ = (await container).Snapshot;

        Assert.Equal("through-slirp\n", answer);
    }

    [RootFact]
    public async Task The_slirp4netns_fallback_refuses_a_udp_port_with_one_line()
    {
        var stacks = new RuncRuntimeOptions { NetworkStacks = ["slirp4netns"] };

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            RunAsync("true", r => r with { PublishedPorts = [new PublishedPort("127.0.0.1", Building.LoopbackListener.FreePort(), 53, "udp")] }, runtime: stacks));

        Assert.StartsWith("-p 53/udp: publishing UDP ports needs pasta (Debian package passt)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The first line a TCP server on 127.0.0.1:<paramref name="port"/> sends, once it accepts.</summary>
    private static async Task<string> ReadWhenUpAsync(int port, Task running)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                using var reader = new StreamReader(client.GetStream());
                if (await reader.ReadLineAsync() is { } line) return line + "\n";
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                // not forwarded or not listening yet
            }
            await Task.Delay(100);
        }
        await running;
        throw new TimeoutException($"nothing answered on 127.0.0.1:{port}");
    }

    [RootFact]
    public async Task The_exit_code_and_last_lines_come_back()
    {
        // One stream, so the order is the order written (stdout and stderr are separate pipes).
        var run = await RunAsync("for i in $(seq 1 30); do echo line$i; done >&2; echo oops >&2; exit 3");
        await using var _ = run.Snapshot;

        Assert.Equal(3, run.Result.ExitCode);
        Assert.False(run.Result.Succeeded);
        Assert.Equal(20, run.Result.LastLines.Count);
        Assert.Equal("oops", run.Result.LastLines[^1]);
        Assert.Contains("line30", run.Result.LastLines);
        Assert.DoesNotContain("line1", run.Result.LastLines);
    }

    [RootFact]
    public async Task Hostname_hosts_and_resolv_conf_are_buildkits()
    {
        var run = await RunAsync("hostname; cat /etc/hosts; test -f /etc/resolv.conf && echo resolv-ok; echo x > /etc/hosts || echo hosts-ro");
        await using var _ = run.Snapshot;

        var lines = run.Stdout.Split('\n');
        Assert.Equal("buildkitsandbox", lines[0]);
        Assert.Contains("127.0.0.1\tlocalhost buildkitsandbox", lines);
        Assert.Contains("resolv-ok", lines);
        Assert.Contains("hosts-ro", lines);
        // The mount points runc had to create are not part of the RUN's changes.
        Assert.False(File.Exists(Path.Combine(run.Snapshot.UpperPath!, "etc", "hosts")));
        Assert.False(File.Exists(Path.Combine(run.Snapshot.UpperPath!, "etc", "resolv.conf")));
    }

    [RootFact]
    public async Task Environment_gets_default_path_and_keeps_given_variables()
    {
        var run = await RunAsync("echo $PATH; echo $GREETING", r => r with { Env = ["GREETING=hi there"] });
        await using var _ = run.Snapshot;

        Assert.Equal($"{ProcessEnvironment.DefaultPath}\nhi there\n", run.Stdout);
    }

    [RootFact]
    public async Task A_shebang_heredoc_runs_as_a_file()
    {
        var command = Hoist.Dispatch.RunCommandBuilder.Build(
            new Hoist.Dockerfile.Instructions.CommandLine(["<<EOF"], true), null,
            [new Hoist.Dockerfile.Parsing.Heredoc("EOF", "#!/bin/sh\necho from $0\n", true, false)]);
        var run = await RunAsync("", r => r with { Args = command.Args, Files = command.Files });
        await using var _ = run.Snapshot;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal("from /dev/pipes/EOF\n", run.Stdout);
    }

    [RootFact]
    public async Task Cancelling_kills_the_container_and_leaves_nothing()
    {
        var work = _busybox.NewDirectory("cancel");
        var snapshotter = new OverlaySnapshotter(Path.Combine(work, "snapshots"));
        var snapshot = await snapshotter.PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        var runcRoot = Path.Combine(work, "runc");
        var bundles = Path.Combine(work, "bundles");
        Directory.CreateDirectory(bundles);
        var runtime = new RuncRuntime(new RuncRuntimeOptions { StateRoot = runcRoot, BundleRoot = () => bundles });
        using var cancel = new CancellationTokenSource();
        var started = DateTime.UtcNow;

        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runtime.RunAsync(
                new ContainerRunRequest { RootPath = snapshot.RootPath, Args = ["/bin/sh", "-c", "echo started; exec sleep 1000"] },
                line => { if (line.Text == "started") cancel.Cancel(); },
                cancel.Token));
        }
        finally
        {
            await snapshot.DisposeAsync();
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(snapshot.RootPath, File.ReadAllText("/proc/self/mountinfo"));
        Assert.False(Directory.Exists(snapshot.RootPath));
        Assert.Empty(Directory.GetFileSystemEntries(bundles));
        var list = BusyboxRootfs.Run("runc", "--root", runcRoot, "list", "-q");
        Assert.Equal("", list.Trim());
    }

    [RootFact]
    public async Task The_copy_snapshotter_gives_the_same_results()
    {
        var work = _busybox.NewDirectory("copy");
        var run = await RunAsync("echo hello > /greeting && rm /bin/ls && rm -rf /home && mkdir /home",
            snapshotter: new AutoSnapshotter(work, forceCopy: true));
        await using var _ = run.Snapshot;

        Assert.Equal(SnapshotKind.Copy, run.Snapshot.Kind);
        Assert.Equal(0, run.Result.ExitCode);
        var root = run.Snapshot.RootPath;
        var pristine = run.Snapshot.PristinePath!;
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(root, "greeting")));
        Assert.False(File.Exists(Path.Combine(pristine, "greeting")));
        Assert.Null(Native.LStat(Path.Combine(root, "bin", "ls")));
        Assert.NotNull(Native.LStat(Path.Combine(pristine, "bin", "ls")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, "home")));
        Assert.NotEmpty(Directory.GetFileSystemEntries(Path.Combine(pristine, "home")));
        Assert.NotNull(Native.LStat(Path.Combine(_busybox.LowerPath, "bin", "ls")));
        Assert.False(File.Exists(Path.Combine(root, "etc", "hosts")));
    }

    [RootFact]
    public async Task A_cgroup_parent_puts_the_container_under_it_and_cleans_up()
    {
        var work = _busybox.NewDirectory("cgroup");
        await using var snapshot = await new OverlaySnapshotter(Path.Combine(work, "snapshots")).PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        var runtime = new RuncRuntime(new RuncRuntimeOptions { StateRoot = Path.Combine(work, "runc"), CgroupParent = "/hoist-test" });
        var lines = new List<string>();

        var result = await runtime.RunAsync(new ContainerRunRequest { RootPath = snapshot.RootPath, Args = ["cat", "/proc/self/cgroup"] },
            line => lines.Add(line.Text), CancellationToken.None);

        Assert.True(result.Succeeded, string.Join('\n', result.LastLines));
        Assert.Contains(lines, l => l.Contains("/hoist-test/hoist-"));
        var pids = File.ReadAllLines("/proc/self/mountinfo").Any(l => l.Contains(" /sys/fs/cgroup/pids "))
            ? Directory.GetDirectories("/sys/fs/cgroup/pids/hoist-test")
            : [];
        Assert.Empty(pids);
        // runc removes the container's cgroups but not the parent it was given.
        foreach (var parent in Directory.GetDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, "hoist-test")).Where(Directory.Exists))
            Directory.Delete(parent);
    }

    private static string[] Interfaces(string procNetDev) =>
        procNetDev.Split('\n').Skip(2).Where(l => l.Contains(':')).Select(l => l.Split(':')[0].Trim()).Order().ToArray();
}
