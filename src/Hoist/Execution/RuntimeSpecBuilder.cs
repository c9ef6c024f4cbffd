using System.Text.Json;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// Writes the OCI runtime spec for a RUN the way BuildKit's OCI worker does (its defaults come from containerd): default
/// capabilities, private pid/ipc/uts/mount namespaces (and network unless the host's is shared), the usual /proc /dev
/// /sys mounts, containerd's masked and read-only paths, and a deny-all device rule to which runc adds its defaults.
/// </summary>
public static class RuntimeSpecBuilder
{
    /// <summary>containerd's default capability set, which BuildKit uses for RUN.</summary>
    public static IReadOnlyList<string> DefaultCapabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    public static IReadOnlyList<string> MaskedPaths { get; } =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi",
    ];

    public static IReadOnlyList<string> ReadonlyPaths { get; } =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>
    /// This process's RLIMIT_NOFILE: what a RUN inherits under BuildKit, and safe to request (raising the hard limit
    /// needs CAP_SYS_RESOURCE, which a sandboxed builder may lack).
    /// </summary>
    public static RuntimeRlimit CurrentOpenFilesLimit()
    {
        var (soft, hard) = Native.GetOpenFilesLimit();
        return new RuntimeRlimit("RLIMIT_NOFILE", hard, soft);
    }

    public static RuntimeSpec Build(ContainerSpecOptions options)
    {
        var namespaces = new List<RuntimeNamespace> { new("pid"), new("ipc"), new("uts"), new("mount") };
        if (options.Network != NetworkMode.Host) namespaces.Add(new RuntimeNamespace("network"));

        return new RuntimeSpec
        {
            Process = new RuntimeProcess
            {
                Terminal = false,
                User = new RuntimeUser
                {
                    Uid = options.User.Uid,
                    Gid = options.User.Gid,
                    AdditionalGids = options.User.AdditionalGids,
                },
                Args = options.Args,
                Env = options.Env,
                Cwd = options.WorkingDirectory,
                Capabilities = new RuntimeCapabilities
                {
                    Bounding = DefaultCapabilities,
                    Effective = DefaultCapabilities,
                    Permitted = DefaultCapabilities,
                },
                Rlimits = options.OpenFilesLimit is { } limit ? [limit] : null,
                NoNewPrivileges = false,
            },
            Root = new RuntimeRoot(options.RootPath, Readonly: false),
            Hostname = options.Hostname,
            Mounts = Mounts(options),
            Linux = new RuntimeLinux
            {
                Namespaces = namespaces,
                Resources = new RuntimeResources { Devices = [new RuntimeDeviceRule(Allow: false, Access: "rwm")] },
                CgroupsPath = options.CgroupsPath,
                MaskedPaths = MaskedPaths,
                ReadonlyPaths = ReadonlyPaths,
            },
        };
    }

    public static byte[] Serialize(RuntimeSpec spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeSpecJsonContext.Default.RuntimeSpec);

    private static IReadOnlyList<RuntimeMount> Mounts(ContainerSpecOptions options)
    {
        var mounts = new List<RuntimeMount>
        {
            new("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
            new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            new("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
            new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
            new("/sys/fs/cgroup", "cgroup", "cgroup", ["nosuid", "noexec", "nodev", "relatime", "ro"]),
        };
        if (options.HostsPath is not null)
            mounts.Add(new RuntimeMount("/etc/hosts", "bind", options.HostsPath, ["rbind", "ro"]));
        if (options.ResolvConfPath is not null)
            mounts.Add(new RuntimeMount("/etc/resolv.conf", "bind", options.ResolvConfPath, ["rbind", "ro"]));

        // Like BuildKit's dedupMounts: a later mount for the same destination takes the earlier one's place.
        foreach (var extra in options.ExtraMounts)
        {
            var existing = mounts.FindIndex(m => m.Destination == extra.Destination);
            if (existing >= 0) mounts[existing] = extra;
            else mounts.Add(extra);
        }
        return mounts;
    }
}
