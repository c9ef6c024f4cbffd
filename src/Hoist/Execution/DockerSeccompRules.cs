namespace Hoist.Execution;

/// <summary>
/// Docker's default seccomp profile (moby profiles/seccomp/default.json), the one BuildKit applies to RUN, as rules.
/// Everything not allowed fails with EPERM. The shape: a long list of ordinary syscalls always allowed; a few allowed
/// only with an argument check (no AF_VSOCK sockets, only the harmless personality() values, clone() without
/// namespace flags); the rest allowed only when the container holds the capability that governs them (so the
/// default capability set keeps mount, unshare, setns, bpf, ptrace, module loading, clock setting... out, and
/// <c>CAP_SYS_CHROOT</c> lets chroot through); and clone3, whose flags seccomp cannot inspect, answers ENOSYS without
/// CAP_SYS_ADMIN so that libc falls back to the inspectable clone().
/// </summary>
internal static class DockerSeccompRules
{
    private const uint ENOSYS = 38;
    private const ulong AfVsock = 40;

    // Namespace flags of clone(2): a sandboxed clone() may not create namespaces.
    private const ulong CloneNewNs = 0x00020000, CloneNewCgroup = 0x02000000, CloneNewUts = 0x04000000,
        CloneNewIpc = 0x08000000, CloneNewUser = 0x10000000, CloneNewPid = 0x20000000, CloneNewNet = 0x40000000;

    private const ulong CloneNamespaceFlags =
        CloneNewNs | CloneNewCgroup | CloneNewUts | CloneNewIpc | CloneNewUser | CloneNewPid | CloneNewNet;

    // personality(2) values programs use in practice: PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, and the query.
    private static readonly ulong[] HarmlessPersonalities = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

    private static List<SeccompRule> Build()
    {
        var rules = new List<SeccompRule>
        {
            new() { Names = AlwaysAllowed },
            new() { Names = ["process_vm_readv", "process_vm_writev", "ptrace"], MinimumKernel = new Version(4, 8) },
            new() { Names = ["socket"], Args = [new RuntimeSyscallArg(0, AfVsock, "SCMP_CMP_NE")] },
        };
        rules.AddRange(HarmlessPersonalities.Select(p => new SeccompRule
        {
            Names = ["personality"], Args = [new RuntimeSyscallArg(0, p, "SCMP_CMP_EQ")],
        }));
        rules.AddRange(ArchitectureSpecific());
        rules.Add(new() { Names = ["open_by_handle_at"], WithCapabilities = ["CAP_DAC_READ_SEARCH"] });
        rules.Add(new() { Names = SysAdminOnly, WithCapabilities = ["CAP_SYS_ADMIN"] });
        rules.Add(new()
        {
            Names = ["clone"], Args = [new RuntimeSyscallArg(0, CloneNamespaceFlags, "SCMP_CMP_MASKED_EQ", 0)],
            WithoutCapabilities = ["CAP_SYS_ADMIN"], NotOnArchitectures = ["s390", "s390x"],
        });
        // s390 passes clone's flags as the second argument.
        rules.Add(new()
        {
            Names = ["clone"], Args = [new RuntimeSyscallArg(1, CloneNamespaceFlags, "SCMP_CMP_MASKED_EQ", 0)],
            WithoutCapabilities = ["CAP_SYS_ADMIN"], OnArchitectures = ["s390", "s390x"],
        });
        rules.Add(new() { Names = ["clone3"], Action = SeccompRule.Errno, ErrnoRet = ENOSYS, WithoutCapabilities = ["CAP_SYS_ADMIN"] });
        rules.AddRange(CapabilityGated.Select(g => new SeccompRule { Names = g.Names, WithCapabilities = [g.Capability] }));
        return rules;
    }

    private static IEnumerable<SeccompRule> ArchitectureSpecific() =>
    [
        new() { Names = ["sync_file_range2", "swapcontext"], OnArchitectures = ["ppc64le"] },
        new()
        {
            Names = ["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"],
            OnArchitectures = ["arm", "arm64"],
        },
        new() { Names = ["arch_prctl"], OnArchitectures = ["amd64", "x32"] },
        new() { Names = ["modify_ldt"], OnArchitectures = ["amd64", "x32", "x86"] },
        new() { Names = ["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"], OnArchitectures = ["s390", "s390x"] },
        new() { Names = ["riscv_flush_icache"], OnArchitectures = ["riscv64"] },
    ];

    /// <summary>Syscalls that act on the whole machine or on namespaces: only with CAP_SYS_ADMIN.</summary>
    private static readonly string[] SysAdminOnly =
    [
        "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie", "mount",
        "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl", "quotactl_fd", "setdomainname",
        "sethostname", "setns", "syslog", "umount", "umount2", "unshare",
    ];

    /// <summary>Syscalls allowed exactly when the capability that governs them is held.</summary>
    private static readonly (string Capability, string[] Names)[] CapabilityGated =
    [
        ("CAP_SYS_BOOT", ["reboot"]),
        ("CAP_SYS_CHROOT", ["chroot"]),
        ("CAP_SYS_MODULE", ["delete_module", "init_module", "finit_module"]),
        ("CAP_SYS_PACCT", ["acct"]),
        ("CAP_SYS_PTRACE", ["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"]),
        ("CAP_SYS_RAWIO", ["iopl", "ioperm"]),
        ("CAP_SYS_TIME", ["settimeofday", "stime", "clock_settime", "clock_settime64"]),
        ("CAP_SYS_TTY_CONFIG", ["vhangup"]),
        ("CAP_SYS_NICE", ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"]),
        ("CAP_SYSLOG", ["syslog"]),
        ("CAP_BPF", ["bpf"]),
        ("CAP_PERFMON", ["perf_event_open"]),
    ];

    /// <summary>
    /// What any process needs: files, memory, signals, time, sockets, ids within the container, IPC, scheduling of its
    /// own tasks. (32-bit and time64 variants are listed too: they matter for the compat architectures.)
    /// </summary>
    private static readonly string[] AlwaysAllowed =
    [
        // files and directories
        "access", "chdir", "chmod", "chown", "chown32", "close", "close_range", "copy_file_range", "creat", "dup", "dup2",
        "dup3", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod",
        "fchmodat", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock",
        "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
        "ftruncate64", "futimesat", "getcwd", "getdents", "getdents64", "getxattr", "inotify_add_watch", "inotify_init",
        "inotify_init1", "inotify_rm_watch", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listxattr", "llistxattr",
        "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "mkdir", "mkdirat", "mknod", "mknodat",
        "name_to_handle_at", "newfstatat", "open", "openat", "openat2", "pread64", "preadv", "preadv2", "pwrite64",
        "pwritev", "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv", "removexattr", "rename", "renameat",
        "renameat2", "rmdir", "sendfile", "sendfile64", "setxattr", "splice", "stat", "stat64", "statfs", "statfs64",
        "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs", "tee", "truncate", "truncate64", "umask",
        "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "vmsplice", "write", "writev",
        // asynchronous I/O and polling
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
        "epoll_wait_old", "eventfd", "eventfd2", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
        "io_pgetevents_time64", "io_setup", "io_submit", "io_uring_enter", "io_uring_register", "io_uring_setup", "ioctl",
        "_newselect", "pipe", "pipe2", "poll", "ppoll", "ppoll_time64", "pselect6", "pselect6_time64", "select",
        // memory
        "brk", "madvise", "membarrier", "memfd_create", "memfd_secret", "mincore", "mlock", "mlock2", "mlockall", "mmap",
        "mmap2", "mprotect", "mremap", "msync", "munlock", "munlockall", "munmap", "pkey_alloc", "pkey_free",
        "pkey_mprotect", "remap_file_pages",
        // processes, threads, signals
        "capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "futex", "futex_time64", "futex_waitv",
        "get_robust_list", "get_thread_area", "getcpu", "getpgid", "getpgrp", "getpid", "getppid", "getpriority",
        "getrlimit", "getrusage", "getsid", "gettid", "ioprio_get", "ioprio_set", "kill", "landlock_add_rule",
        "landlock_create_ruleset", "landlock_restrict_self", "pause", "pidfd_open", "pidfd_send_signal", "prctl",
        "prlimit64", "process_mrelease", "restart_syscall", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
        "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
        "rt_tgsigqueueinfo", "sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity", "sched_getattr",
        "sched_getparam", "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
        "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp",
        "set_robust_list", "set_thread_area", "set_tid_address", "setpgid", "setpriority", "setrlimit", "setsid",
        "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn", "tgkill", "tkill", "ugetrlimit", "vfork",
        "wait4", "waitid", "waitpid",
        // user and group ids (within the container's user namespace)
        "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32", "getresgid",
        "getresgid32", "getresuid", "getresuid32", "getuid", "getuid32", "setfsgid", "setfsgid32", "setfsuid",
        "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setregid", "setregid32", "setresgid",
        "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setuid", "setuid32",
        // time and timers (reading; setting the clock needs CAP_SYS_TIME)
        "adjtimex", "alarm", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64", "clock_gettime",
        "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "getitimer", "gettimeofday", "nanosleep",
        "setitimer", "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64",
        "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
        "timerfd_settime64", "times",
        // sockets (socket() itself is checked above)
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen", "recv", "recvfrom",
        "recvmmsg", "recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto", "setsockopt", "shutdown",
        "socketcall", "socketpair",
        // System V and POSIX IPC (private to the container's IPC namespace)
        "ipc", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
        "mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop",
        "semtimedop", "semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget",
        // system information
        "getrandom", "sysinfo", "uname",
    ];

    // Last: static fields initialise in textual order, and Build reads the tables above.
    public static IReadOnlyList<SeccompRule> All { get; } = Build();
}
