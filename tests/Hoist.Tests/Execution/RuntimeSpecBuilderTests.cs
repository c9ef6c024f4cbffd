using System.Text.Json;
using Hoist.Execution;

namespace Hoist.Tests.Execution;

public sealed class RuntimeSpecBuilderTests
{
    private static ContainerSpecOptions Options(NetworkMode network = NetworkMode.Host) => new()
    {
        RootPath = "/var/lib/hoist/snapshots/runs/abc/merged",
        Args = ["/bin/sh", "-c", "make"],
        Env = ["PATH=/bin", "HOME=/root"],
        WorkingDirectory = "/src",
        User = new ResolvedUser(1000, 100, [100, 27], "/home/dev"),
        Network = network,
        HostsPath = "/tmp/b/hosts",
        ResolvConfPath = "/tmp/b/resolv.conf",
    };

    [Fact]
    public void Host_networking_shares_the_network_namespace_only()
    {
        var spec = RuntimeSpecBuilder.Build(Options(NetworkMode.Host));

        Assert.Equal(["pid", "ipc", "uts", "mount"], spec.Linux.Namespaces.Select(n => n.Type));
    }

    [Fact]
    public void Network_none_gets_its_own_network_namespace()
    {
        var spec = RuntimeSpecBuilder.Build(Options(NetworkMode.None));

        Assert.Equal(["pid", "ipc", "uts", "mount", "network"], spec.Linux.Namespaces.Select(n => n.Type));
    }

    [Fact]
    public void The_process_is_the_resolved_user_with_containerds_default_capabilities()
    {
        var spec = RuntimeSpecBuilder.Build(Options());

        Assert.Equal(["/bin/sh", "-c", "make"], spec.Process.Args);
        Assert.Equal("/src", spec.Process.Cwd);
        Assert.Equal((1000u, 100u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal([100u, 27u], spec.Process.User.AdditionalGids!);
        Assert.False(spec.Process.Terminal);
        Assert.False(spec.Process.NoNewPrivileges);
        var expected = new[]
        {
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
        };
        Assert.Equal(expected, spec.Process.Capabilities!.Bounding!);
        Assert.Equal(expected, spec.Process.Capabilities.Effective!);
        Assert.Equal(expected, spec.Process.Capabilities.Permitted!);
        Assert.DoesNotContain("CAP_SYS_ADMIN", spec.Process.Capabilities.Bounding!);
    }

    [Fact]
    public void Root_hostname_and_default_mounts_match_buildkit()
    {
        var spec = RuntimeSpecBuilder.Build(Options());

        Assert.Equal(new RuntimeRoot("/var/lib/hoist/snapshots/runs/abc/merged", false), spec.Root);
        Assert.Equal("buildkitsandbox", spec.Hostname);
        Assert.Equal(
            ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/etc/hosts", "/etc/resolv.conf"],
            spec.Mounts.Select(m => m.Destination));
        var byDestination = spec.Mounts.ToDictionary(m => m.Destination);
        Assert.Equal("proc", byDestination["/proc"].Type);
        Assert.Equal(["nosuid", "strictatime", "mode=755", "size=65536k"], byDestination["/dev"].Options);
        Assert.Contains("newinstance", byDestination["/dev/pts"].Options);
        Assert.Contains("ptmxmode=0666", byDestination["/dev/pts"].Options);
        Assert.Contains("gid=5", byDestination["/dev/pts"].Options);
        Assert.Contains("noexec", byDestination["/dev/shm"].Options);
        Assert.Contains("ro", byDestination["/sys"].Options);
        Assert.Equal("cgroup", byDestination["/sys/fs/cgroup"].Type);
        Assert.Contains("ro", byDestination["/sys/fs/cgroup"].Options);
        Assert.Equal(("bind", "/tmp/b/hosts"), (byDestination["/etc/hosts"].Type, byDestination["/etc/hosts"].Source));
        Assert.Equal(["rbind", "ro"], byDestination["/etc/hosts"].Options);
        Assert.Equal("/tmp/b/resolv.conf", byDestination["/etc/resolv.conf"].Source);
        Assert.Contains("ro", byDestination["/etc/resolv.conf"].Options);
    }

    [Fact]
    public void Extra_mounts_follow_the_defaults_and_replace_one_with_the_same_destination()
    {
        var spec = RuntimeSpecBuilder.Build(Options() with
        {
            ExtraMounts =
            [
                new RuntimeMount("/root/.cache", "bind", "/var/cache/x", ["rbind"]),
                new RuntimeMount("/dev/shm", "tmpfs", "tmpfs", ["size=1g"]),
            ],
        });

        Assert.Equal("/root/.cache", spec.Mounts[^1].Destination);
        Assert.Equal(3, spec.Mounts.ToList().FindIndex(m => m.Destination == "/dev/shm"));
        Assert.Equal(["size=1g"], spec.Mounts.Single(m => m.Destination == "/dev/shm").Options);
    }

    [Fact]
    public void Linux_masks_containerds_paths_and_denies_devices_by_default()
    {
        var spec = RuntimeSpecBuilder.Build(Options());

        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths!);
        Assert.Contains("/sys/firmware", spec.Linux.MaskedPaths!);
        Assert.Contains("/proc/sys", spec.Linux.ReadonlyPaths!);
        Assert.Equal([new RuntimeDeviceRule(false, "rwm")], spec.Linux.Resources!.Devices!);
        Assert.Null(spec.Linux.CgroupsPath);
    }

    [Fact]
    public void Json_uses_the_runtime_spec_names_and_leaves_out_what_is_unset()
    {
        var json = JsonDocument.Parse(RuntimeSpecBuilder.Serialize(RuntimeSpecBuilder.Build(Options() with
        {
            OpenFilesLimit = new RuntimeRlimit("RLIMIT_NOFILE", 4096, 1024),
        }))).RootElement;

        Assert.Equal("1.0.2", json.GetProperty("ociVersion").GetString());
        var process = json.GetProperty("process");
        Assert.False(process.GetProperty("terminal").GetBoolean());
        Assert.False(process.GetProperty("noNewPrivileges").GetBoolean());
        Assert.Equal(1000, process.GetProperty("user").GetProperty("uid").GetInt32());
        Assert.Equal(2, process.GetProperty("user").GetProperty("additionalGids").GetArrayLength());
        Assert.Equal("RLIMIT_NOFILE", process.GetProperty("rlimits")[0].GetProperty("type").GetString());
        Assert.Equal(4096, process.GetProperty("rlimits")[0].GetProperty("hard").GetInt32());
        Assert.Equal(1024, process.GetProperty("rlimits")[0].GetProperty("soft").GetInt32());
        Assert.False(json.GetProperty("root").GetProperty("readonly").GetBoolean());
        Assert.Equal("/proc", json.GetProperty("mounts")[0].GetProperty("destination").GetString());
        Assert.Equal("pid", json.GetProperty("linux").GetProperty("namespaces")[0].GetProperty("type").GetString());
        Assert.True(json.GetProperty("linux").TryGetProperty("maskedPaths", out _));
        Assert.False(json.GetProperty("linux").TryGetProperty("cgroupsPath", out _));
    }

    [Fact]
    public void Rlimits_are_left_to_the_runtime_unless_given()
    {
        var json = JsonDocument.Parse(RuntimeSpecBuilder.Serialize(RuntimeSpecBuilder.Build(Options()))).RootElement;

        Assert.False(json.GetProperty("process").TryGetProperty("rlimits", out _));
    }

    [Fact]
    public void The_current_open_files_limit_is_a_valid_request()
    {
        var limit = RuntimeSpecBuilder.CurrentOpenFilesLimit();

        Assert.Equal("RLIMIT_NOFILE", limit.Type);
        Assert.True(limit.Soft <= limit.Hard);
        Assert.True(limit.Soft > 0);
    }

    [Fact]
    public void The_sandbox_network_joins_the_prepared_namespace()
    {
        var spec = RuntimeSpecBuilder.Build(Options(NetworkMode.Sandbox) with { NetworkNamespacePath = "/run/b/netns" });

        Assert.Equal(new RuntimeNamespace("network", "/run/b/netns"), spec.Linux.Namespaces[^1]);
    }

    [Fact]
    public void A_sandbox_network_without_a_namespace_is_a_bug_not_a_fresh_namespace()
    {
        Assert.Throws<InvalidOperationException>(() => RuntimeSpecBuilder.Build(Options(NetworkMode.Sandbox)));
    }

    [Fact]
    public void The_sandbox_has_dockers_seccomp_profile_and_a_pids_limit()
    {
        var spec = RuntimeSpecBuilder.Build(Options() with { PidsLimit = 4096 });

        Assert.Equal("SCMP_ACT_ERRNO", spec.Linux.Seccomp!.DefaultAction);
        Assert.Equal(4096, spec.Linux.Resources!.Pids!.Limit);
        Assert.NotNull(spec.Linux.MaskedPaths);
        var json = System.Text.Encoding.UTF8.GetString(RuntimeSpecBuilder.Serialize(spec));
        Assert.Contains("\"pids\": {", json);
        Assert.Contains("\"limit\": 4096", json);
        Assert.Contains("\"seccomp\": {", json);
    }

    [Fact]
    public void Insecure_runs_privileged_without_seccomp_or_masks()
    {
        var spec = RuntimeSpecBuilder.Build(Options() with { Security = SecurityMode.Insecure });

        Assert.Null(spec.Linux.Seccomp);
        Assert.Null(spec.Linux.MaskedPaths);
        Assert.Null(spec.Linux.ReadonlyPaths);
        Assert.Contains("CAP_SYS_ADMIN", spec.Process.Capabilities!.Bounding!);
        Assert.Null(spec.Linux.Resources!.Pids);
    }

    [Fact]
    public void Privileged_capabilities_are_those_of_the_bounding_set()
    {
        // 0x1fffeffffff: every capability up to CAP_CHECKPOINT_RESTORE (40) except CAP_SYS_RESOURCE (24).
        var capabilities = RuntimeSpecBuilder.PrivilegedCapabilities(0x1fffeffffff);

        Assert.Equal(40, capabilities.Count);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", capabilities);
        Assert.Equal(["CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"], [capabilities[0], capabilities[^1]]);
    }
}
