using System.IO.Compression;

namespace Hoist.Execution;

/// <summary>
/// The compat syscall ABIs the running kernel was built without, by libseccomp's name: read from its build
/// configuration (<c>/proc/config.gz</c>, else <c>/boot/config-RELEASE</c>), and only where that says "is not set".
/// The seccomp filter then leaves them out: each architecture costs runc about 6 ms of libseccomp compiling per RUN,
/// and a kernel without the ABI refuses its syscalls (and its binaries) whatever the filter says. Unknown: none.
/// </summary>
internal static class KernelCompatAbis
{
    private static readonly Lazy<IReadOnlySet<string>> Running = new(ReadRunning);

    /// <summary>Read once per process (the kernel cannot change under it), when the first RUN is prepared.</summary>
    public static IReadOnlySet<string> Missing => Running.Value;

    /// <summary>The ABIs <paramref name="config"/> (a kernel <c>.config</c>) says the kernel was built without.</summary>
    internal static IReadOnlySet<string> Parse(TextReader config)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        while (config.ReadLine() is { } line)
        {
            // Kconfig order puts CONFIG_COMPAT after the x86 ABIs (arch/x86/Kconfig's binary emulations), and arm64 has
            // only it: the rest of the file (~3,000 more lines) is not read.
            if (line.StartsWith("CONFIG_COMPAT=", StringComparison.Ordinal)) break;
            if (!line.StartsWith("# CONFIG_", StringComparison.Ordinal) || !line.EndsWith(" is not set", StringComparison.Ordinal)) continue;
            var option = line["# ".Length..^" is not set".Length];
            if (option is "CONFIG_X86_X32_ABI" or "CONFIG_X86_X32") missing.Add("SCMP_ARCH_X32"); // CONFIG_X86_X32 before Linux 5.18
            else if (option == "CONFIG_IA32_EMULATION") missing.Add("SCMP_ARCH_X86");
            else if (option == "CONFIG_COMPAT")
            {
                missing.Add("SCMP_ARCH_ARM");
                break;
            }
        }
        return missing;
    }

    private static IReadOnlySet<string> ReadRunning()
    {
        try
        {
            if (File.Exists("/proc/config.gz"))
            {
                using var reader = new StreamReader(new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress));
                return Parse(reader);
            }
            var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            using var text = new StreamReader($"/boot/config-{release}");
            return Parse(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new HashSet<string>();
        }
    }
}
