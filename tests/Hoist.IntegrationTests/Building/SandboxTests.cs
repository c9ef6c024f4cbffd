using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// The RUN sandbox against a hostile Dockerfile, end to end through <c>hoist build</c>: the network (host loopback out of
/// reach), the seccomp profile and its <c>--security=insecure</c> escape hatch, the pids limit against a fork bomb, and
/// what a SIGKILLed build leaves (containers, secrets, copies of the context) being reaped by the next one.
/// </summary>
public sealed partial class SandboxTests(BuildStore store) : IClassFixture<BuildStore>
{
    private const string Busybox = FixtureImages.Busybox;

    private string RunImage(string image, string script)
    {
        var run = store.Hoist("run", image, "sh", "-c", script);
        Assert.True(run.ExitCode == 0, $"{script}: {run.Stdout}{run.Stderr}");
        return run.Stdout;
    }

    [RootFact]
    public void A_run_cannot_reach_the_hosts_loopback_unless_it_uses_the_host_network()
    {
        using var listener = new LoopbackListener();
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN if echo hi | nc -w 3 127.0.0.1 {listener.Port}; then echo connected; else echo refused; fi > /result
            """));

        var sandboxed = store.Hoist("build", "-t", "test/loopback:default", context);
        Assert.True(sandboxed.ExitCode == 0, sandboxed.Stderr);
        Assert.Equal("refused\n", RunImage("test/loopback:default", "cat /result"));
        Assert.Equal(0, listener.Accepted);

        var host = store.Hoist("build", "--network", "host", "-t", "test/loopback:host", context);
        Assert.True(host.ExitCode == 0, host.Stderr);
        Assert.Equal("connected\n", RunImage("test/loopback:host", "cat /result"));
        Assert.Equal(1, listener.Accepted);
    }

    [RootFact]
    public void The_sandbox_network_resolves_and_fetches_from_debians_package_registry()
    {
        var tar = Path.Combine(BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), "--debian").Trim(),
            "debian-rootfs.tar");
        var import = store.Hoist("import", tar, "test/debian:minbase");
        Assert.True(import.ExitCode == 0, import.Stderr);
        var context = store.NewContext(("Dockerfile", """
            FROM test/debian:minbase
            RUN grep nameserver /etc/resolv.conf && apt-get update
            """));

        var build = store.Hoist("build", "--progress", "plain", "--no-cache", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Matches(@"Get:\d+ http://deb\.debian\.org", build.Stderr);
    }

    [RootFact]
    public void Seccomp_refuses_unshare_and_mount_unless_insecure_is_allowed()
    {
        var sandboxed = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN unshare -Urm true
            """));
        var refused = store.Hoist("build", "--progress", "plain", sandboxed);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Operation not permitted", refused.Stderr);

        var insecure = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --security=insecure unshare -Urm sh -c 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && echo mounted' > /result
            """));
        var withoutAllow = store.Hoist("build", insecure);
        Assert.Equal(1, withoutAllow.ExitCode);
        Assert.Contains("RUN --security=insecure: entitlement security.insecure is not allowed (build with --allow security.insecure)",
            withoutAllow.Stderr);

        var allowed = store.Hoist("build", "--allow", "security.insecure", "-t", "test/insecure", insecure);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Equal("mounted\n", RunImage("test/insecure", "cat /result"));
    }

    [RootFact]
    public void A_fork_bomb_stops_at_the_pids_limit_and_fails_its_step_cleanly()
    {
        var context = store.NewContext(("Dockerfile", $$"""
            FROM {{Busybox}}
            RUN grep pids /proc/self/cgroup; cat /sys/fs/cgroup/pids/pids.max; sh -c ':(){ :|:& };:'; sleep 2; exit 7
            """));
        var clock = Stopwatch.StartNew();

        var build = HoistProcess.Run(["--root", store.Root, "build", "--progress", "plain", "--pids-limit", "64", context],
            timeout: TimeSpan.FromMinutes(3));

        Assert.Equal(1, build.ExitCode);
        Assert.DoesNotContain("Unhandled exception", build.Stderr);
        Assert.Contains("did not complete successfully", build.Stderr);
        Assert.Matches(@"#\d+ [\d.]+ 64\n", build.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        AssertContainerGone(ContainerId(build.Stderr));
    }

    [RootFact]
    public void A_container_left_by_a_killed_build_is_reaped_by_the_next_one()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN grep pids /proc/self/cgroup; echo started; sleep 1000
            """));
        var output = KillWhenStarted(["build", "--progress", "plain", "--no-cache", context]);
        var id = ContainerId(output);
        Assert.Contains(id, RuncList()); // the orphan Hoist could not clean up, and its network stack
        Assert.NotEmpty(ProcessesIn(id));
        Assert.NotEmpty(NetworkStacksOf(store.Root));

        var next = store.Hoist("build", store.NewContext(("Dockerfile", $"FROM {Busybox}\nRUN true\n")));

        Assert.True(next.ExitCode == 0, next.Stderr);
        AssertContainerGone(id);
        Assert.Empty(NetworkStacksOf(store.Root));
    }

    /// <summary>pasta or slirp4netns processes serving a namespace under <paramref name="root"/>.</summary>
    private static List<string> NetworkStacksOf(string root) =>
        [.. Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)).Where(p =>
        {
            try
            {
                var command = File.ReadAllText(Path.Combine(p, "cmdline")).Replace('\0', ' ');
                return (command.Contains("pasta", StringComparison.Ordinal) || command.Contains("slirp4netns", StringComparison.Ordinal))
                    && command.Contains(root + "/", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        })];

    [RootFact]
    public void Nothing_of_a_secret_or_a_context_copy_survives_a_killed_build()
    {
        var secretMarker = "hoist-test-secret-" + Guid.NewGuid().ToString("N");
        var contextMarker = "hoist-test-context-" + Guid.NewGuid().ToString("N");
        var secrets = store.NewContext(("token", secretMarker));
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=secret,id=token,target=/run/token --mount=type=bind,target=/ctx,rw grep -q {contextMarker[..10]} /ctx/data.txt && cat /run/token && echo && echo started && sleep 1000
            """), ("data.txt", contextMarker));
        var output = KillWhenStarted(["build", "--progress", "plain", "--no-cache", "--secret", $"id=token,src={secrets}/token", context]);
        Assert.Contains(secretMarker, output); // the RUN did see both

        var next = store.Hoist("build", store.NewContext(("Dockerfile", $"FROM {Busybox}\nRUN true\n")));
        Assert.True(next.ExitCode == 0, next.Stderr);

        string[] places = ["/dev/shm", "/tmp", Path.GetTempPath(), store.Root];
        foreach (var marker in new[] { secretMarker, contextMarker })
        {
            var found = Grep(marker, places).Where(f => !f.StartsWith(secrets + "/", StringComparison.Ordinal)
                && !f.StartsWith(context + "/", StringComparison.Ordinal)).ToList();
            Assert.True(found.Count == 0, $"{marker} survives in {string.Join(", ", found)}");
        }
    }

    /// <summary>Starts hoist, waits for a RUN to print "started", then SIGKILLs it; returns what it printed.</summary>
    private string KillWhenStarted(IEnumerable<string> args)
    {
        using var hoist = HoistProcess.Start(["--root", store.Root, .. args]);
        _ = hoist.StandardOutput.ReadToEndAsync();
        var printed = new System.Text.StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (hoist.StandardError.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult() is { } line)
        {
            printed.Append(line).Append('\n');
            if (line.EndsWith(" started", StringComparison.Ordinal)) break;
        }
        Assert.Contains(" started\n", printed.ToString());
        hoist.Kill(); // SIGKILL: no finally block runs
        hoist.WaitForExit();
        return printed.ToString();
    }

    private static string ContainerId(string output) => PidsCgroup().Match(output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("the RUN did not print its cgroup: " + output);

    private string RuncList() => BusyboxRootfs.Run("runc", "--root", Path.Combine(store.Root, "runc"), "list", "-q");

    /// <summary>Processes whose cgroup is the container's.</summary>
    private static List<string> ProcessesIn(string id) =>
        [.. Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)).Where(p =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(p, "cgroup")).Contains("/" + id + "\n", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        })];

    private void AssertContainerGone(string id)
    {
        Assert.DoesNotContain(id, RuncList());
        Assert.Empty(ProcessesIn(id));
        Assert.False(Directory.Exists(Path.Combine("/sys/fs/cgroup/pids", id)), "the container's pids cgroup is left");
    }

    /// <summary>Files under <paramref name="places"/> holding <paramref name="marker"/> (devices, FIFOs and sockets skipped).</summary>
    private static IEnumerable<string> Grep(string marker, IEnumerable<string> places)
    {
        var psi = new ProcessStartInfo("grep") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-rlF", "-D", "skip", "--no-messages", "-e", marker }.Concat(places.Where(Directory.Exists).Distinct()))
            psi.ArgumentList.Add(arg);
        using var grep = Process.Start(psi)!;
        _ = grep.StandardError.ReadToEndAsync();
        var files = grep.StandardOutput.ReadToEnd();
        grep.WaitForExit();
        return files.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"pids:/(hoist-[0-9a-f]+)")]
    private static partial Regex PidsCgroup();
}
