using System.Text.Json;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// Writes the OCI runtime spec for a RUN the way BuildKit's OCI worker does (its defaults come from containerd): default
/// capabilities, Docker's default seccomp profile, private pid/ipc/uts/mount namespaces (and network unless the host's
/// is shared), the usual /proc /dev /sys mounts, containerd's masked and read-only paths, a pids limit, and a deny-all
/// device rule to which runc adds its defaults. <see cref="SecurityMode.Insecure"/> lifts capabilities, seccomp and masks.
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

    /// <summary>Every capability by number (capability.h), for <see cref="SecurityMode.Insecure"/>.</summary>
    public static IReadOnlyList<string> AllCapabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>
    /// What a privileged container may hold: every capability in Hoist's own bounding set (as docker's privileged mode
    /// takes the daemon's), since asking runc for one Hoist lacks fails the container's start.
    /// </summary>
    public static IReadOnlyList<string> PrivilegedCapabilities() => PrivilegedCapabilities(ReadBoundingSet());

    internal static IReadOnlyList<string> PrivilegedCapabilities(ulong boundingSet) =>
        [.. AllCapabilities.Where((_, bit) => (boundingSet & (1ul << bit)) != 0)];

    private static ulong ReadBoundingSet()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
            return line is null ? ulong.MaxValue : Convert.ToUInt64(line["CapBnd:".Length..].Trim(), 16);
        }
        catch (IOException)
        {
            return ulong.MaxValue;
        }
    }

    public static RuntimeSpec Build(ContainerSpecOptions options)
    {
        var insecure = options.Security == SecurityMode.Insecure;
        var capabilities = insecure ? PrivilegedCapabilities() : DefaultCapabilities;
        return new RuntimeSpec
        {
            Process = new RuntimeProcess
            {
                Terminal = options.Terminal,
                User = new RuntimeUser
                {
                    Uid = options.User.Uid,
                    Gid = options.User.Gid,
                    AdditionalGids = options.User.AdditionalGids,
                },
                Args = options.Args,
                Env = options.Env,
                Cwd = options.WorkingDirectory,
                Capabilities = new RuntimeCapabilities { Bounding = capabilities, Effective = capabilities, Permitted = capabilities },
                Rlimits = Rlimits(options),
                NoNewPrivileges = false,
            },
            Root = new RuntimeRoot(options.RootPath, Readonly: false),
            Hostname = options.Hostname,
            Mounts = Mounts(options),
            Linux = new RuntimeLinux
            {
                Namespaces = Namespaces(options),
                Resources = new RuntimeResources
                {
                    Devices = [new RuntimeDeviceRule(Allow: false, Access: "rwm")],
                    Pids = options.PidsLimit is { } pids ? new RuntimePidsLimit(pids) : null,
                },
                CgroupsPath = options.CgroupsPath,
                MaskedPaths = insecure ? null : MaskedPaths,
                ReadonlyPaths = insecure ? null : ReadonlyPaths,
                Seccomp = insecure ? null : SeccompProfile.For(capabilities),
            },
        };
    }

    /// <summary>The builder's open-files limit unless <c>--ulimit nofile</c> replaces it, then the other ulimits.</summary>
    private static List<RuntimeRlimit>? Rlimits(ContainerSpecOptions options)
    {
        var limits = new List<RuntimeRlimit>();
        if (options.OpenFilesLimit is { } open && !options.Rlimits.Any(r => r.Type == open.Type)) limits.Add(open);
        limits.AddRange(options.Rlimits);
        return limits.Count > 0 ? limits : null;
    }

    private static List<RuntimeNamespace> Namespaces(ContainerSpecOptions options)
    {
        var namespaces = new List<RuntimeNamespace> { new("pid"), new("ipc"), new("uts"), new("mount") };
        switch (options.Network)
        {
            case NetworkMode.None:
                namespaces.Add(new RuntimeNamespace("network"));
                break;
            case NetworkMode.Sandbox:
                // Never a fresh empty namespace by mistake: a sandboxed RUN needs the one its network stack serves.
                namespaces.Add(new RuntimeNamespace("network", options.NetworkNamespacePath
                    ?? throw new InvalidOperationException("a sandbox network needs a prepared network namespace")));
                break;
        }
        return namespaces;
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
            new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", $"size={Math.Max(1, options.ShmSize / 1024)}k"]),
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
