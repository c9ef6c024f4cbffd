using System.Runtime.InteropServices;

namespace Hoist.Execution;

/// <summary>
/// Resolves <see cref="DockerSeccompRules"/> for one container the way moby does when it loads its profile: a rule is
/// kept when the container's (bounding) capabilities, the machine's architecture and the kernel version meet its
/// conditions; the filter covers the native architecture and its compat ones (x86 and x32 beside x86-64, arm beside
/// arm64), since a 32-bit syscall ABI is a way around a filter that lists only the native one, except those the kernel
/// was built without (their syscalls fail there anyway; runc kills a process that makes one, where Docker's filter
/// answers ENOSYS).
/// </summary>
public static class SeccompProfile
{
    public static RuntimeSeccomp For(IReadOnlyCollection<string> capabilities) =>
        For(capabilities, GoArchitecture(RuntimeInformation.OSArchitecture), KernelVersion(), KernelCompatAbis.Missing);

    /// <param name="missingAbis">Compat architectures the kernel was built without (see <see cref="KernelCompatAbis"/>),
    /// left out of the filter.</param>
    public static RuntimeSeccomp For(IReadOnlyCollection<string> capabilities, string architecture, Version kernel,
        IReadOnlySet<string>? missingAbis = null) => new()
    {
        DefaultAction = SeccompRule.Errno,
        Architectures = [.. Architectures(architecture).Where(a => missingAbis?.Contains(a) != true)],
        Syscalls = [.. DockerSeccompRules.All.Where(r => r.AppliesTo(capabilities, architecture, kernel)).Select(r => new RuntimeSyscall
        {
            Names = r.Names,
            Action = r.Action,
            ErrnoRet = r.ErrnoRet,
            Args = r.Args,
        })],
    };

    /// <summary>The architecture as Go names it (moby's rules use Go's names).</summary>
    public static string GoArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm or Architecture.Armv6 => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyList<string> Architectures(string architecture) => architecture switch
    {
        "amd64" => ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        "arm64" => ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
        "s390x" => ["SCMP_ARCH_S390X", "SCMP_ARCH_S390"],
        "riscv64" => ["SCMP_ARCH_RISCV64"],
        _ => [], // the runtime then filters the native architecture only
    };

    private static readonly Lazy<Version> RunningKernel = new(ReadKernelVersion);

    /// <summary>The running kernel's version from uname (e.g. 6.1 from "6.1.0-18-amd64"); 0.0 when unreadable. Read once
    /// per process (it cannot change under it), not for every RUN.</summary>
    internal static Version KernelVersion() => RunningKernel.Value;

    private static Version ReadKernelVersion()
    {
        try
        {
            return ParseKernelVersion(File.ReadAllText("/proc/sys/kernel/osrelease"));
        }
        catch (IOException)
        {
            return new Version(0, 0);
        }
    }

    internal static Version ParseKernelVersion(string release)
    {
        var parts = release.Trim().Split('.', '-', '+');
        return parts.Length >= 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor)
            ? new Version(major, minor)
            : new Version(0, 0);
    }
}
