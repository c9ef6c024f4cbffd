using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Tests.Execution;

/// <summary>Finding and registering binfmt_misc handlers, over a directory laid out as the kernel's.</summary>
public sealed class BinfmtEmulationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-binfmt-").FullName;
    private string Binfmt => Path.Combine(_root, "binfmt_misc");
    private string Descriptions => Path.Combine(_root, "binfmts");

    public BinfmtEmulationTests()
    {
        Directory.CreateDirectory(Binfmt);
        Directory.CreateDirectory(Descriptions);
        File.WriteAllText(Path.Combine(Binfmt, "register"), "");
        File.WriteAllText(Path.Combine(Binfmt, "status"), "enabled\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private BinfmtEmulation Emulation() => new(Binfmt, Descriptions, Platform.Parse("linux/amd64"));

    // As the kernel prints Debian's qemu-aarch64 handler.
    private void Handler(string name, string flags, bool enabled = true) => File.WriteAllText(Path.Combine(Binfmt, name), $"""
        {(enabled ? "enabled" : "disabled")}
        interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
        flags: {flags}
        offset 0
        magic 7f454c460201010000000000000000000200b700
        mask ffffffffffffff00fffffffffffffffffeffffff

        """);

    [Fact]
    public void The_host_platform_and_what_it_runs_natively_are_never_emulated()
    {
        var emulation = Emulation();

        Assert.True(emulation.IsNative(Platform.Parse("linux/amd64")));
        Assert.True(emulation.IsNative(Platform.Parse("linux/386")));
        Assert.False(emulation.IsNative(Platform.Parse("linux/arm64")));
        emulation.EnsureFor(Platform.Parse("linux/amd64")); // no handler needed, nothing registered
        Assert.Equal("", File.ReadAllText(Path.Combine(Binfmt, "register")));
    }

    [Fact]
    public void A_registered_handler_is_found_by_the_ELF_header_it_matches()
    {
        Handler("qemu-aarch64", "PF");
        var emulation = Emulation();

        Assert.Equal("qemu-aarch64", emulation.FindHandler(ElfMachine.For(Platform.Parse("linux/arm64"))!)?.Name);
        Assert.Null(emulation.FindHandler(ElfMachine.For(Platform.Parse("linux/arm/v7"))!));
        Assert.Null(emulation.FindHandler(ElfMachine.For(Platform.Parse("linux/s390x"))!));
        emulation.EnsureFor(Platform.Parse("linux/arm64"));
    }

    [Fact]
    public void A_disabled_handler_does_not_count()
    {
        Handler("qemu-aarch64", "PF", enabled: false);

        Assert.Null(Emulation().FindHandler(ElfMachine.For(Platform.Parse("linux/arm64"))!));
    }

    [Fact]
    public void A_handler_without_the_F_flag_is_refused_with_what_to_do()
    {
        Handler("qemu-aarch64", "P");

        var error = Assert.Throws<HoistException>(() => Emulation().EnsureFor(Platform.Parse("linux/arm64")));

        Assert.StartsWith("cannot run linux/arm64 programs: binfmt_misc handler qemu-aarch64 lacks the F (fix-binary) flag", error.Message);
    }

    [Fact]
    public void A_missing_handler_is_registered_from_qemu_user_statics_description_with_F()
    {
        var interpreter = Path.Combine(_root, "qemu-aarch64-static");
        File.WriteAllText(interpreter, "");
        File.WriteAllText(Path.Combine(Descriptions, "qemu-aarch64"), $"""
            package qemu-user-static
            interpreter {interpreter}
            magic \x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00
            offset 0
            mask \xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff
            credentials no
            fix_binary yes
            preserve yes

            """);

        // The fake directory is no kernel: the registration is written but no handler appears.
        var error = Assert.Throws<HoistException>(() => Emulation().EnsureFor(Platform.Parse("linux/arm64")));

        Assert.Equal(@":qemu-aarch64:M:0:\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:"
            + @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:" + interpreter + ":FP",
            File.ReadAllText(Path.Combine(Binfmt, "register")));
        Assert.Equal("cannot run linux/arm64 programs: qemu-aarch64 was registered but does not match aarch64 executables", error.Message);
    }

    [Fact]
    public void Without_qemu_user_static_the_error_says_what_to_install()
    {
        var error = Assert.Throws<HoistException>(() => Emulation().EnsureFor(Platform.Parse("linux/riscv64")));

        Assert.Equal($"cannot run linux/riscv64 programs: no binfmt_misc handler for riscv64 and no {Path.Combine(Descriptions, "qemu-riscv64")}: "
            + "install qemu-user-static (apt-get install qemu-user-static)", error.Message);
    }

    [Fact]
    public void An_architecture_without_an_emulator_is_named()
    {
        var error = Assert.Throws<HoistException>(() => Emulation().EnsureFor(Platform.Parse("linux/wasm")));

        Assert.Equal("cannot run linux/wasm programs: Hoist knows no emulator for architecture wasm", error.Message);
    }
}
