using Hoist.Execution;

namespace Hoist.Tests.Execution;

/// <summary>Docker's default seccomp profile resolved for a container: what the default RUN may and may not call.</summary>
public sealed class SeccompProfileTests
{
    private static readonly Version Kernel = new(6, 1);

    private static RuntimeSeccomp Sandbox(string architecture = "amd64") =>
        SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], architecture, Kernel);

    private static bool Allows(RuntimeSeccomp profile, string syscall) =>
        profile.Syscalls.Any(s => s.Action == "SCMP_ACT_ALLOW" && s.Names.Contains(syscall) && s.Args is null);

    [Fact]
    public void Everything_not_listed_fails_with_eperm_on_the_native_and_compat_architectures()
    {
        var profile = Sandbox();

        Assert.Equal("SCMP_ACT_ERRNO", profile.DefaultAction);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], profile.Architectures);
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], Sandbox("arm64").Architectures);
    }

    [Theory]
    [InlineData("mount")]
    [InlineData("umount2")]
    [InlineData("unshare")]
    [InlineData("setns")]
    [InlineData("bpf")]
    [InlineData("init_module")]
    [InlineData("settimeofday")]
    [InlineData("reboot")]
    [InlineData("keyctl")]
    [InlineData("open_by_handle_at")]
    public void The_default_capabilities_keep_namespace_mount_and_machine_calls_out(string syscall)
    {
        Assert.DoesNotContain(Sandbox().Syscalls, s => s.Names.Contains(syscall) && s.Action == "SCMP_ACT_ALLOW");
    }

    [Theory]
    [InlineData("read")]
    [InlineData("execve")]
    [InlineData("chroot")] // CAP_SYS_CHROOT is a default capability
    [InlineData("arch_prctl")]
    [InlineData("io_uring_setup")]
    public void Ordinary_calls_and_those_of_held_capabilities_are_allowed(string syscall)
    {
        Assert.True(Allows(Sandbox(), syscall));
    }

    [Fact]
    public void Clone_may_not_create_namespaces_and_clone3_answers_enosys()
    {
        var profile = Sandbox();

        var clone = Assert.Single(profile.Syscalls, s => s.Names.Contains("clone"));
        var arg = Assert.Single(clone.Args!);
        Assert.Equal((0u, "SCMP_CMP_MASKED_EQ", 0x7E020000ul, 0ul), (arg.Index, arg.Op, arg.Value, arg.ValueTwo));
        var clone3 = Assert.Single(profile.Syscalls, s => s.Names.Contains("clone3"));
        Assert.Equal(("SCMP_ACT_ERRNO", 38u), (clone3.Action, clone3.ErrnoRet));
    }

    [Fact]
    public void S390_checks_clones_second_argument()
    {
        var clone = Assert.Single(Sandbox("s390x").Syscalls, s => s.Names.Contains("clone"));

        Assert.Equal(1u, Assert.Single(clone.Args!).Index);
    }

    [Fact]
    public void Sys_admin_allows_mount_and_any_clone()
    {
        var profile = SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities, "CAP_SYS_ADMIN"], "amd64", Kernel);

        Assert.True(Allows(profile, "mount"));
        Assert.True(Allows(profile, "unshare"));
        Assert.True(Allows(profile, "clone"));
        Assert.DoesNotContain(profile.Syscalls, s => s.Action == "SCMP_ACT_ERRNO");
    }

    [Fact]
    public void Sockets_are_allowed_except_vsock_and_personality_only_for_its_harmless_values()
    {
        var profile = Sandbox();

        var socket = Assert.Single(profile.Syscalls, s => s.Names.Contains("socket"));
        Assert.Equal(new RuntimeSyscallArg(0, 40, "SCMP_CMP_NE"), Assert.Single(socket.Args!));
        var personalities = profile.Syscalls.Where(s => s.Names.Contains("personality")).Select(s => Assert.Single(s.Args!).Value);
        Assert.Equal([0x0ul, 0x8ul, 0x20000ul, 0x20008ul, 0xfffffffful], personalities);
    }

    [Fact]
    public void Ptrace_needs_kernel_4_8_without_cap_sys_ptrace()
    {
        Assert.True(Allows(Sandbox(), "ptrace"));
        var old = SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], "amd64", new Version(4, 4));
        Assert.False(Allows(old, "ptrace"));
    }

    [Theory]
    [InlineData("6.1.0-18-amd64", 6, 1)]
    [InlineData("6.18.44-fc-v1272", 6, 18)]
    [InlineData("garbage", 0, 0)]
    public void Kernel_versions_read_from_uname(string release, int major, int minor)
    {
        Assert.Equal(new Version(major, minor), SeccompProfile.ParseKernelVersion(release));
    }

    [Fact]
    public void A_compat_abi_the_kernel_was_built_without_is_left_out_of_the_filter()
    {
        var missing = KernelCompatAbis.Parse(new StringReader(
            "CONFIG_X86_64=y\nCONFIG_IA32_EMULATION=y\n# CONFIG_IA32_EMULATION_DEFAULT_DISABLED is not set\n# CONFIG_X86_X32_ABI is not set\n"));

        Assert.Equal(["SCMP_ARCH_X32"], missing);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
            SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], "amd64", Kernel, missing).Architectures);
        Assert.Equal(["SCMP_ARCH_X86_64"], SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], "amd64", Kernel,
            KernelCompatAbis.Parse(new StringReader("# CONFIG_IA32_EMULATION is not set\n# CONFIG_X86_X32 is not set\n"))).Architectures);
        Assert.Equal(["SCMP_ARCH_AARCH64"], SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], "arm64", Kernel,
            KernelCompatAbis.Parse(new StringReader("CONFIG_ARM64=y\n# CONFIG_COMPAT is not set\n"))).Architectures);
    }

    [Fact]
    public void A_kernel_built_with_every_compat_abi_keeps_them_all()
    {
        var missing = KernelCompatAbis.Parse(new StringReader("CONFIG_IA32_EMULATION=y\nCONFIG_X86_X32_ABI=y\nCONFIG_COMPAT=y\n"));

        Assert.Empty(missing);
        Assert.Equal(3, SeccompProfile.For([.. RuntimeSpecBuilder.DefaultCapabilities], "amd64", Kernel, missing).Architectures.Count);
    }
}
