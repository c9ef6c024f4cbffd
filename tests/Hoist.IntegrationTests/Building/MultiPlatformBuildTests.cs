using System.Text.Json;
using Hoist.Content;
using Hoist.IntegrationTests.Registry;
using Hoist.Oci;
using Xunit.Abstractions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Multi-platform builds with real arm64 content (issue 14): a C program cross-compiled in a
/// <c>FROM --platform=$BUILDPLATFORM</c> stage with Debian's gcc-aarch64-linux-gnu, shipped in arm64 scratch and
/// arm64 Debian (an mmdebstrap --arch=arm64 minbase) images, arm64 RUN steps through QEMU (qemu-user-static and
/// binfmt_misc), an index pushed to a loopback registry and pulled back per platform. The host is amd64.
/// </summary>
public sealed class MultiPlatformBuildTests(BuildStore store, ITestOutputHelper log) : IClassFixture<BuildStore>
{
    private const string Cross = "hoist-fixtures/debian-cross:bookworm";
    private const string Debian = "hoist-fixtures/debian:bookworm";

    [RootFact]
    public async Task The_cross_compile_example_builds_one_index_whose_images_run_on_their_platforms()
    {
        await ImportCrossAsync();
        var local = Path.Combine(store.NewContext(), "out");

        var build = Build("--platform", "linux/amd64,linux/arm64", "-t", "xc:1", "-o", $"type=local,dest={local}", Example("cross-compile"));

        Assert.Contains("[linux/arm64 runtime 1/1] COPY --from=build /out/hello /hello", build);
        Assert.Contains("index    sha256:", build);
        Assert.Equal("hello from aarch64\n", Run("--platform", "linux/arm64", "xc:1"));
        Assert.Equal("hello from x86_64\n", Run("xc:1"));
        var inspect = Inspect("xc:1");
        Assert.Equal(MediaTypes.OciIndex, inspect.GetProperty("Descriptor").GetProperty("mediaType").GetString());
        Assert.Equal(["linux/amd64", "linux/arm64"], inspect.GetProperty("Platforms").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("arm64", Inspect("xc:1", "--platform", "linux/arm64").GetProperty("Architecture").GetString());
        Assert.Matches(@"xc\s+1\s+.*linux/amd64,linux/arm64\n", store.Hoist("images").Stdout);
        // buildx's platform-split: one directory per platform, each holding that platform's executable
        Assert.Equal(0x3e, ElfMachine(Path.Combine(local, "linux_amd64", "hello")));
        Assert.Equal(0xb7, ElfMachine(Path.Combine(local, "linux_arm64", "hello")));
    }

    [RootFact]
    public async Task One_foreign_platform_gives_a_single_manifest_with_that_platform_in_its_config()
    {
        await ImportCrossAsync();

        Build("--platform", "linux/arm64", "-t", "xc-arm:1", Example("cross-compile"));

        var image = await ContentStore.Open(store.Root).ResolveImageAsync("xc-arm:1", Platform.Parse("linux/arm64"));
        Assert.IsType<StoredManifest>(image.Target);
        Assert.Equal(("linux", "arm64"), (image.Config.Config.Os, image.Config.Config.Architecture));
        Assert.Equal("hello from aarch64\n", Run("xc-arm:1"));
        var wrong = store.Hoist("run", "--platform", "linux/amd64", "xc-arm:1");
        Assert.Equal("error: image \"xc-arm:1\" does not match the specified platform: wanted linux/amd64, actual: linux/arm64\n", wrong.Stderr);
    }

    [RootFact]
    public void A_BUILDPLATFORM_stage_that_ignores_the_target_runs_once_for_every_platform()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM --platform=$BUILDPLATFORM {FixtureImages.Busybox} AS generate
            RUN echo "{Guid.NewGuid():N} $RANDOM $(uname -m)" > /generated.txt
            FROM scratch
            COPY --from=generate /generated.txt /
            """));
        var local = Path.Combine(context, "out");

        var build = Build("--platform", "linux/amd64,linux/arm64", "-o", $"type=local,dest={local}", context);

        Assert.Matches(@"#\d+ \[linux/arm64 generate 2/2\] RUN [^\n]*\n#\d+ CACHED", build);
        var amd64 = File.ReadAllText(Path.Combine(local, "linux_amd64", "generated.txt"));
        Assert.EndsWith(" x86_64\n", amd64);
        Assert.Equal(amd64, File.ReadAllText(Path.Combine(local, "linux_arm64", "generated.txt")));
    }

    [RootFact]
    public async Task Arm64_Debian_runs_its_RUN_steps_emulated_and_ships_the_cross_compiled_program()
    {
        await ImportCrossAsync();
        await ImportDebianAsync();
        var context = store.NewContext(("hello.c", File.ReadAllText(Path.Combine(Example("cross-compile"), "hello.c"))), ("Dockerfile", $$"""
            FROM --platform=$BUILDPLATFORM {{Cross}} AS build
            ARG TARGETARCH
            COPY hello.c /src/
            RUN if [ "$TARGETARCH" = arm64 ]; then cc=aarch64-linux-gnu-gcc; else cc=gcc; fi; mkdir /out && "$cc" -O2 -o /out/hello /src/hello.c
            FROM {{Debian}}
            ARG TARGETPLATFORM
            RUN apt-get --version | head -n 1 > /apt-version && uname -m > /built-on && for i in 1 2 3; do echo "$TARGETPLATFORM $i"; done
            COPY --from=build /out/hello /usr/local/bin/hello
            CMD ["hello"]
            """));

        var build = Build("--platform", "linux/amd64,linux/arm64", "-t", "deb-hello:1", context);

        Assert.Contains("linux/arm64 3\n", build);
        Assert.Equal("hello from aarch64\n", Run("--platform", "linux/arm64", "deb-hello:1")); // dynamically linked: Debian arm64's libc
        Assert.Equal("hello from x86_64\n", Run("--platform", "linux/amd64", "deb-hello:1"));
        Assert.Equal("aarch64\n", Run("--platform", "linux/arm64", "deb-hello:1", "cat", "/built-on"));
        Assert.Contains("(arm64)", Run("--platform", "linux/arm64", "deb-hello:1", "cat", "/apt-version"));
        Assert.Contains("(amd64)", Run("deb-hello:1", "cat", "/apt-version"));
    }

    [RootFact]
    public async Task A_missing_binfmt_handler_is_registered_with_the_fix_binary_flag()
    {
        await ImportDebianAsync();
        const string handler = "/proc/sys/fs/binfmt_misc/qemu-aarch64";
        if (File.Exists(handler)) File.WriteAllText(handler, "-1"); // unregister: the build must put it back
        var context = store.NewContext(("Dockerfile", $"FROM {Debian}\nRUN echo {Guid.NewGuid():N} && uname -m\n"));

        var build = Build("--platform", "linux/arm64", context);

        Assert.Contains("aarch64\n", build);
        var flags = File.ReadAllLines(handler).Single(l => l.StartsWith("flags: ", StringComparison.Ordinal));
        Assert.Contains('F', flags);
    }

    [RootFact]
    public async Task The_index_pushes_to_a_loopback_registry_reads_in_skopeo_and_both_platforms_pull_back()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await ImportCrossAsync();
        await using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/multi/hello:1";

        Build("--platform", "linux/amd64,linux/arm64", "--push", "-t", name, Example("cross-compile"));

        var raw = JsonDocument.Parse(HostCommand.Run("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{name}")).RootElement;
        Assert.Equal(MediaTypes.OciIndex, raw.GetProperty("mediaType").GetString());
        var platforms = raw.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform")).ToList();
        Assert.Equal(["amd64", "arm64"], platforms.Select(p => p.GetProperty("architecture").GetString()));
        Assert.All(platforms, p => Assert.Equal("linux", p.GetProperty("os").GetString()));
        if (ImagetoolsInspect(name) is { } imagetools) // docker buildx reads the same index (when the Docker peer is unpacked)
        {
            Assert.Contains("MediaType: application/vnd.oci.image.index.v1+json", imagetools);
            Assert.Contains("Platform:  linux/arm64", imagetools);
            Assert.Contains("Platform:  linux/amd64", imagetools);
        }
        using var fresh = BuildStore.Empty();
        Assert.Equal(0, fresh.Hoist("pull", "--platform", "linux/arm64", name).ExitCode);
        Assert.Equal(0, fresh.Hoist("pull", "--platform", "linux/amd64", name).ExitCode);
        Assert.Equal("hello from aarch64\n", fresh.Hoist("run", "--platform", "linux/arm64", name).Stdout);
        Assert.Equal("hello from x86_64\n", fresh.Hoist("run", name).Stdout);
    }

    [RootFact]
    public async Task An_index_saves_as_an_OCI_layout_and_loads_with_both_platforms()
    {
        await ImportCrossAsync();
        Build("--platform", "linux/amd64,linux/arm64", "-t", "xc-save:1", Example("cross-compile"));
        var archive = Path.Combine(store.NewContext(), "multi.tar");

        Assert.Equal(0, store.Hoist("save", "--format", "oci", "-o", archive, "xc-save:1").ExitCode);
        using var fresh = BuildStore.Empty();
        var load = fresh.Hoist("load", "-i", archive);

        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.Equal("hello from aarch64\n", fresh.Hoist("run", "--platform", "linux/arm64", "xc-save:1").Stdout);
        Assert.Equal("hello from x86_64\n", fresh.Hoist("run", "xc-save:1").Stdout);
    }

    [RootFact]
    public async Task A_docker_archive_of_an_index_lists_every_platform_with_the_hosts_last()
    {
        await ImportCrossAsync();
        Build("--platform", "linux/arm64,linux/amd64", "-t", "xc-docker:1", Example("cross-compile"));
        var archive = Path.Combine(store.NewContext(), "multi-docker.tar");

        Assert.Equal(0, store.Hoist("save", "--format", "docker", "-o", archive, "xc-docker:1").ExitCode);

        var entries = JsonDocument.Parse(HostCommand.Run("tar", "-xOf", archive, "manifest.json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(["xc-docker:1"], e.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString())));
        var hostId = Inspect("xc-docker:1").GetProperty("Id").GetString()!;
        Assert.Equal("blobs/sha256/" + hostId["sha256:".Length..], entries[^1].GetProperty("Config").GetString());
        var armId = Inspect("xc-docker:1", "--platform", "linux/arm64").GetProperty("Id").GetString()!;
        Assert.Equal("blobs/sha256/" + armId["sha256:".Length..], entries[0].GetProperty("Config").GetString());
    }

    private string Build(params string[] args)
    {
        var build = store.Hoist(["build", "--progress", "plain", .. args]);
        log.WriteLine(build.Stderr);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return build.Stderr;
    }

    private string Run(params string[] args)
    {
        var run = store.Hoist(["run", .. args]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    /// <summary><c>docker buildx imagetools inspect</c> of the peer under /opt/hoist-docker (no daemon needed), or null without it.</summary>
    private static string? ImagetoolsInspect(string reference)
    {
        const string docker = "/opt/hoist-docker/usr/bin/docker", buildx = "/opt/hoist-docker/usr/libexec/docker/cli-plugins/docker-buildx";
        if (!File.Exists(docker) || !File.Exists(buildx)) return null;
        var config = Directory.CreateTempSubdirectory("hoist-buildx-config-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(config, "cli-plugins"));
            File.CreateSymbolicLink(Path.Combine(config, "cli-plugins", "docker-buildx"), buildx);
            var start = new System.Diagnostics.ProcessStartInfo(docker, ["buildx", "imagetools", "inspect", reference])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
                Environment = { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = $"unix://{Path.Combine(config, "no-daemon.sock")}" },
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            return output.Result;
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    private JsonElement Inspect(params string[] args) => JsonDocument.Parse(store.Hoist(["inspect", .. args]).Stdout).RootElement[0];

    /// <summary>The ELF header's e_machine: 0x3e for x86-64, 0xb7 for aarch64.</summary>
    private static int ElfMachine(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 20);
        Assert.True(header[..4].SequenceEqual("\x7f"u8.ToArray().Concat("ELF"u8.ToArray()).ToArray()), $"{path} is not ELF");
        return header[18] | header[19] << 8;
    }

    private async Task ImportCrossAsync()
    {
        var content = ContentStore.Open(store.Root);
        if (await content.FindImageAsync(Cross) is not null) return;
        await FixtureImages.ImportAsync(content, Path.Combine(FixtureImages.CacheDirectoryWith("--cross"), "debian-cross-rootfs.tar"), Cross);
    }

    /// <summary>hoist-fixtures/debian:bookworm as a two-platform index: the amd64 and arm64 minbase root filesystems.</summary>
    private async Task ImportDebianAsync()
    {
        var content = ContentStore.Open(store.Root);
        if (await content.FindImageAsync(Debian) is not null) return;
        var cache = FixtureImages.CacheDirectoryWith("--debian", "--arm64");
        await FixtureImages.ImportIndexAsync(content, Debian,
            (Path.Combine(cache, "debian-rootfs.tar"), Platform.Parse("linux/amd64")),
            (Path.Combine(cache, "debian-arm64-rootfs.tar"), Platform.Parse("linux/arm64")));
    }

    private static string Example(string name) => Path.Combine(HoistProcess.RepositoryRoot, "examples", name);
}
