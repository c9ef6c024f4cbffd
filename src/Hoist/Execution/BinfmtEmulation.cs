using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// Lets a container run another platform's programs through QEMU user emulation, as BuildKit does with
/// <c>tonistiigi/binfmt</c>: finds an enabled binfmt_misc handler for the platform's ELF machine (mounting binfmt_misc
/// when it is not), else registers Debian's qemu-user-static interpreter from its binfmts description with the F
/// (fix-binary) flag, so the kernel opens the interpreter now and it needs no copy inside the image. The host's own
/// platform (and what its CPU runs natively) is never emulated.
/// </summary>
public sealed class BinfmtEmulation(string binfmtDirectory, string descriptionDirectory, Platform host)
{
    public static BinfmtEmulation Default { get; } = new("/proc/sys/fs/binfmt_misc", "/usr/share/binfmts", Platform.Host);

    private readonly Lock _lock = new();

    /// <summary>True when the CPU runs the platform's programs itself (same architecture, or 32-bit x86 or arm beside its 64-bit form).</summary>
    public bool IsNative(Platform platform)
    {
        var (wanted, own) = (PlatformMatcher.Normalize(platform).Architecture, PlatformMatcher.Normalize(host).Architecture);
        return wanted == own || (own, wanted) is ("amd64", "386") or ("arm64", "arm");
    }

    /// <summary>
    /// Makes sure programs of <paramref name="platform"/> can run: nothing for a native platform, else an enabled
    /// handler with the F flag, registered from qemu-user-static's description when there is none. Throws a one-line
    /// <see cref="HoistException"/> saying what to install or fix.
    /// </summary>
    public void EnsureFor(Platform platform)
    {
        if (IsNative(platform)) return;
        var machine = ElfMachine.For(platform)
            ?? throw new HoistException($"cannot run {platform} programs: Hoist knows no emulator for architecture {platform.Architecture}");
        lock (_lock)
        {
            var handler = FindHandler(machine) ?? Register(platform, machine);
            if (!handler.FixBinary)
            {
                throw new HoistException($"cannot run {platform} programs: binfmt_misc handler {handler.Name} lacks the F (fix-binary) flag, so its "
                    + $"interpreter {handler.Interpreter} is not found inside containers; remove it (echo -1 > {Path.Combine(binfmtDirectory, handler.Name)}) "
                    + "and Hoist registers qemu-user-static's with F");
            }
        }
    }

    /// <summary>The enabled handler the kernel would use for the machine's executables, if any.</summary>
    public BinfmtHandler? FindHandler(ElfMachine machine)
    {
        EnsureMounted();
        var header = machine.Header();
        foreach (var file in Directory.EnumerateFiles(binfmtDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name is "register" or "status") continue;
            if (Read(name, file) is { } handler && handler.Matches(header)) return handler;
        }
        return null;
    }

    private static BinfmtHandler? Read(string name, string file)
    {
        try
        {
            return BinfmtHandler.Parse(name, File.ReadLines(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null; // an entry removed meanwhile, or one that is not an ELF magic handler
        }
    }

    private void EnsureMounted()
    {
        if (File.Exists(Path.Combine(binfmtDirectory, "register"))) return;
        if (!Native.IsRoot || Native.Mount("binfmt_misc", binfmtDirectory, "binfmt_misc", 0, null) != 0 || !File.Exists(Path.Combine(binfmtDirectory, "register")))
        {
            throw new HoistException($"cannot emulate other platforms: binfmt_misc is not mounted on {binfmtDirectory} and could not be "
                + $"(as root: mount -t binfmt_misc binfmt_misc {binfmtDirectory})");
        }
    }

    /// <summary>Registers qemu-user-static's handler for the machine as <c>update-binfmts</c> would, with F added.</summary>
    private BinfmtHandler Register(Platform platform, ElfMachine machine)
    {
        var name = "qemu-" + machine.QemuName;
        var description = Path.Combine(descriptionDirectory, name);
        if (!File.Exists(description))
        {
            throw new HoistException($"cannot run {platform} programs: no binfmt_misc handler for {machine.QemuName} and no {description}: "
                + "install qemu-user-static (apt-get install qemu-user-static)");
        }
        var fields = File.ReadLines(description)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
        string Field(string key) => fields.TryGetValue(key, out var value) ? value
            : throw new HoistException($"{description}: no {key} line: reinstall qemu-user-static");
        if (!File.Exists(Field("interpreter"))) throw new HoistException($"cannot run {platform} programs: {Field("interpreter")} is missing: install qemu-user-static");
        var flags = "F" + (fields.GetValueOrDefault("preserve") == "yes" ? "P" : "") + (fields.GetValueOrDefault("credentials") == "yes" ? "C" : "");
        var line = $":{name}:M:{fields.GetValueOrDefault("offset", "0")}:{Field("magic")}:{fields.GetValueOrDefault("mask", "")}:{Field("interpreter")}:{flags}";
        try
        {
            File.WriteAllText(Path.Combine(binfmtDirectory, "register"), line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot run {platform} programs: registering {name} with binfmt_misc failed ({e.Message}); run as root "
                + $"or register it yourself (update-binfmts --enable {name})", e);
        }
        return FindHandler(machine) ?? throw new HoistException($"cannot run {platform} programs: {name} was registered but does not match {machine.QemuName} executables");
    }
}
