using System.Net;
using System.Net.Sockets;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist run</c> as <c>docker run</c> for checking an image (issue 15 item 12), on the busybox fixture with real runc:
/// environment, user, working directory, entrypoint, bind volumes, a private network by default (the host's loopback
/// out of reach) with <c>--network host|none</c> as docker, ports published on loopback through pasta, unknown flags as
/// one line, and everything after IMAGE left to the command.
/// </summary>
public sealed class RunCommandTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("hoist-run-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [RootFact]
    public void Env_env_file_user_workdir_and_a_read_only_volume_reach_the_container()
    {
        var envFile = Path.Combine(_scratch, "env.list");
        File.WriteAllText(envFile, "# comment\nFROM_FILE=file\n");
        Directory.CreateDirectory(Path.Combine(_scratch, "data"));
        File.WriteAllText(Path.Combine(_scratch, "data", "x"), "mounted\n");

        var run = store.Hoist("run", "--rm", "-i", "-e", "A=1", "--env-file", envFile, "-u", "1000", "-w", "/tmp",
            "-v", $"{_scratch}/data:/data:ro", FixtureImages.Busybox,
            "sh", "-c", "echo $A $FROM_FILE; id -u; pwd; cat /data/x; touch /data/y || echo read-only");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("1 file\n1000\n/tmp\nmounted\nread-only\n", run.Stdout);
    }

    [RootFact]
    public void Entrypoint_replaces_the_images_and_flags_after_the_image_belong_to_the_command()
    {
        var run = store.Hoist("run", "--entrypoint", "/bin/echo", FixtureImages.Busybox, "x", "-e", "--rm", "-p");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("x -e --rm -p\n", run.Stdout);
    }

    [RootFact]
    public void An_unknown_flag_is_one_line_naming_it()
    {
        var run = store.Hoist("run", "--detach-keys", FixtureImages.Busybox);
        var shorthand = store.Hoist("run", "-itx", FixtureImages.Busybox);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: hoist run: unknown flag: --detach-keys (see hoist run --help)\n", run.Stderr);
        Assert.Equal("error: hoist run: unknown shorthand flag: 'x' in -itx (see hoist run --help)\n", shorthand.Stderr);
    }

    [RootFact]
    public async Task A_published_port_is_served_on_loopback_from_a_private_network()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "www"));
        File.WriteAllText(Path.Combine(_scratch, "www", "index.html"), "served\n");
        var port = LoopbackListener.FreePort();
        using var server = HoistProcess.Start(["--root", store.Root, "run", "--rm", "-p", $"{port}:80", "-v", $"{_scratch}/www:/www:ro",
            FixtureImages.Busybox, "httpd", "-f", "-p", "80", "-h", "/www"]);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{port}/index.html", server));
            var listeners = HostCommand.Run("ss", "-Hltn", $"sport = :{port}");
            Assert.Contains($"127.0.0.1:{port}", listeners, StringComparison.Ordinal);
            Assert.DoesNotContain($"0.0.0.0:{port}", listeners, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: false);
            await server.WaitForExitAsync();
        }
    }

    [RootFact]
    public void The_default_network_is_private_so_a_listener_on_the_hosts_loopback_is_out_of_reach_and_host_reaches_it()
    {
        using var listener = new LoopbackListener();
        var probe = $"if echo hi | nc -w 3 127.0.0.1 {listener.Port}; then echo connected; else echo unreachable; fi; ls /sys/class/net | grep -vx lo | wc -l";

        var isolated = store.Hoist("run", FixtureImages.Busybox, "sh", "-c", probe);
        Assert.True(isolated.ExitCode == 0, isolated.Stderr);
        Assert.Equal(0, listener.Accepted);
        var host = store.Hoist("run", "--network", "host", FixtureImages.Busybox, "sh", "-c", probe);
        Assert.True(host.ExitCode == 0, host.Stderr);

        // The private network has an interface besides lo (pasta's, the way out), as docker's bridge network has eth0.
        Assert.Equal("unreachable\n1\n", isolated.Stdout);
        Assert.StartsWith("connected\n", host.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, listener.Accepted);
    }

    [RootFact]
    public void Network_none_has_only_loopback_and_published_ports_outside_a_private_network_are_discarded_as_docker_does()
    {
        var none = store.Hoist("run", "--network", "none", FixtureImages.Busybox, "ls", "/sys/class/net");
        var host = store.Hoist("run", "--network", "host", "-p", "8080:80", FixtureImages.Busybox, "true");
        var unknown = store.Hoist("run", "--network", "mynet", FixtureImages.Busybox, "true");

        Assert.Equal((0, "lo\n"), (none.ExitCode, none.Stdout));
        Assert.Equal((0, "WARNING: Published ports are discarded when using host network mode\n"), (host.ExitCode, host.Stderr));
        Assert.Equal((1, "error: --network: unknown network \"mynet\" (default, host or none)\n"), (unknown.ExitCode, unknown.Stderr));
    }

    [RootFact]
    public void The_default_network_reaches_debians_package_registry_through_the_user_mode_stack()
    {
        var tar = Path.Combine(BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), "--debian").Trim(),
            "debian-rootfs.tar");
        var import = store.Hoist("import", tar, "test/debian:run-network");
        Assert.True(import.ExitCode == 0, import.Stderr);

        var run = store.Hoist("run", "test/debian:run-network", "apt-get", "update");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Matches(@"Get:\d+ http://deb\.debian\.org", run.Stdout);
    }

    [RootFact]
    public void Interactive_attaches_piped_standard_input_and_without_it_the_input_is_closed()
    {
        var attached = HoistProcess.Run(["--root", store.Root, "run", "-i", FixtureImages.Busybox, "cat"], stdin: "hi\n");
        var closed = HoistProcess.Run(["--root", store.Root, "run", FixtureImages.Busybox, "cat"], stdin: "hi\n");

        Assert.True(attached.ExitCode == 0, attached.Stderr);
        Assert.Equal("hi\n", attached.Stdout);
        Assert.Equal((0, ""), (closed.ExitCode, closed.Stdout));
    }

    [RootFact]
    public void Tty_gives_an_interactive_shell_a_terminal_and_its_exit_code()
    {
        // script(1) gives hoist a pseudo-terminal of its own, as a user's terminal would be, and types the piped lines.
        var wrapper = Path.Combine(_scratch, "hoist-it.sh");
        var hoist = string.Join(' ', HoistProcess.CommandLine().Select(a => $"'{a}'"));
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec {hoist} --root '{store.Root}' run -it {FixtureImages.Busybox} sh\n");

        var run = InPseudoTerminal($"sh {wrapper}", "tty\necho typed-$((40+2))\nexit 4\n");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("/dev/pts/0", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("typed-42", run.Stdout, StringComparison.Ordinal);
    }

    [RootFact]
    public void Interactive_tty_with_piped_input_is_refused_as_docker_does()
    {
        var run = HoistProcess.Run(["--root", store.Root, "run", "-it", FixtureImages.Busybox, "true"], stdin: "");

        Assert.Equal((1, "error: the input device is not a TTY\n"), (run.ExitCode, run.Stderr));
    }

    private static (int ExitCode, string Stdout) InPseudoTerminal(string program, string typed)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-qec", program, "/dev/null" }) psi.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(typed);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output.Result);
    }
}
