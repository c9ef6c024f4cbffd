using System.Text.Json;
using Hoist.IntegrationTests.Formats;
using Hoist.IntegrationTests.Registry;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist build -o …</c> and <c>--push</c> end to end with the busybox fixture: each output read back by another tool
/// (tar, skopeo, umoci, <c>hoist load</c>, a loopback docker-registry and <c>hoist pull</c>).
/// </summary>
public sealed class BuildOutputTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("hoist-build-output-").FullName;

    /// <summary>Three layers over busybox: a file removed (whiteout), a directory replaced (opaque), files added.</summary>
    private string LayeredContext() => store.NewContext(("Dockerfile", """
        FROM hoist-fixtures/busybox:latest
        RUN echo hi > /x.txt && rm -f /etc/passwd && mkdir -p /d && touch /d/old
        RUN rm -rf /d && mkdir /d && echo new > /d/new && ln -s x.txt /link
        """));

    private string ScratchContext() => store.NewContext(("Dockerfile", """
        FROM hoist-fixtures/busybox:latest AS build
        RUN mkdir /out && echo built > /out/hello.txt

        FROM scratch
        COPY --from=build /out/hello.txt /hello.txt
        """));

    private string NewPath(string name) => Path.Combine(_scratch, name);

    private static string Run(string tool, params string[] args) => HostCommand.Run(tool, args);

    private void Build(params string[] args)
    {
        var build = store.Hoist(["build", .. args]);
        Assert.True(build.ExitCode == 0, build.Stderr);
    }

    [RootFact]
    public void Local_output_is_the_final_filesystem_with_whiteouts_applied()
    {
        var destination = NewPath("local");
        Build("-o", $"type=local,dest={destination}", LayeredContext());

        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(destination, "x.txt")));
        Assert.False(File.Exists(Path.Combine(destination, "etc/passwd")));
        Assert.True(File.Exists(Path.Combine(destination, "etc/group")));
        Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(destination, "d")).Select(Path.GetFileName));
        Assert.Equal("x.txt", new FileInfo(Path.Combine(destination, "link")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(destination, "bin/busybox")));
    }

    [RootFact]
    public void A_bare_directory_is_a_local_output_and_a_scratch_stage_exports_only_its_files()
    {
        var destination = NewPath("bare");
        Build("-o", destination, ScratchContext());

        Assert.Equal(["hello.txt"], Directory.GetFileSystemEntries(destination).Select(Path.GetFileName));
        Assert.Equal("built\n", File.ReadAllText(Path.Combine(destination, "hello.txt")));
    }

    [RootFact]
    public void Tar_output_holds_the_final_filesystem()
    {
        var archive = NewPath("rootfs.tar");
        Build("-o", $"type=tar,dest={archive}", LayeredContext());

        var names = Run("tar", "-tf", archive).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n.TrimEnd('/')).ToHashSet();
        Assert.Contains("x.txt", names);
        Assert.Contains("d/new", names);
        Assert.Contains("bin/busybox", names);
        Assert.DoesNotContain("d/old", names);
        Assert.DoesNotContain("etc/passwd", names);
        Assert.DoesNotContain(names, n => n.Contains(".wh.", StringComparison.Ordinal));
        Assert.Equal("new\n", Run("tar", "-xOf", archive, "d/new"));
    }

    [RootFact]
    public void A_dash_writes_the_filesystem_tar_to_standard_output()
    {
        var build = HoistProcess.Run(["--root", store.Root, "build", "--progress", "quiet", "-o", "-", ScratchContext()]);
        Assert.True(build.ExitCode == 0, build.Stderr);
        // stdout is read as text: the archive's first member name starts the first header block
        Assert.StartsWith("hello.txt", build.Stdout);
        Assert.Equal(0, build.Stdout.Length % 512);
    }

    [RootFact]
    public void Oci_outputs_are_read_by_skopeo_and_umoci()
    {
        Assert.True(ToolPath.Find("skopeo") is not null && ToolPath.Find("umoci") is not null, "skopeo and umoci are required (scripts/setup.sh)");
        var archive = NewPath("image-oci.tar");
        var layout = NewPath("layout");
        var build = store.Hoist("build", "-t", "test/oci-out:1", "-o", $"type=oci,dest={archive}", "-o", $"type=oci,dest={layout},tar=false",
            "--iidfile", NewPath("iid"), LayeredContext());
        Assert.True(build.ExitCode == 0, build.Stderr);
        var inspect = JsonDocument.Parse(store.Hoist("inspect", "test/oci-out:1").Stdout).RootElement[0];

        var skopeo = JsonDocument.Parse(Run("skopeo", "inspect", $"oci-archive:{archive}")).RootElement;
        Assert.Equal(File.ReadAllText(NewPath("iid")), inspect.GetProperty("Id").GetString());
        Assert.Equal(inspect.GetProperty("RootFS").GetProperty("Layers").GetArrayLength(), skopeo.GetProperty("Layers").GetArrayLength());
        var config = Run("skopeo", "inspect", "--config", "--raw", $"oci-archive:{archive}");
        Assert.Equal(File.ReadAllText(NewPath("iid")), $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(config)))}");

        Assert.Contains("1", Run("umoci", "ls", "--layout", layout).Split('\n'));
        var bundle = NewPath("bundle");
        Run("umoci", "raw", "unpack", "--image", $"{layout}:1", bundle);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(bundle, "d/new")));
        Assert.False(File.Exists(Path.Combine(bundle, "etc/passwd")));
    }

    [RootFact]
    public void Docker_output_loads_back_into_another_store()
    {
        var archive = NewPath("image-docker.tar");
        var build = store.Hoist("build", "-o", $"type=docker,dest={archive},name=test/docker-out:2", ScratchContext());
        Assert.True(build.ExitCode == 0, build.Stderr);

        using var other = BuildStore.Empty();
        var load = other.Hoist("load", "-i", archive);
        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.Contains("Loaded image: test/docker-out:2", load.Stdout);
        var layers = JsonDocument.Parse(other.Hoist("inspect", "test/docker-out:2").Stdout).RootElement[0].GetProperty("RootFS").GetProperty("Layers");
        Assert.Equal(1, layers.GetArrayLength());
        // name= names the archive only: the store that built it has no such name
        Assert.NotEqual(0, store.Hoist("inspect", "test/docker-out:2").ExitCode);
    }

    [RootFact]
    public async Task Push_sends_every_tag_to_its_registry_and_it_pulls_back()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await using var registry = await RegistryServer.StartAsync();
        var first = $"{registry.Host}/built/app:1";
        var second = $"{registry.Host}/built/app:latest";
        var build = store.Hoist("build", "--push", "-t", first, "-t", second, "--iidfile", NewPath("pushed-iid"), ScratchContext());
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains($"pushing {first}", build.Stderr);
        Assert.Contains("pushing manifest for", build.Stderr);

        using var other = BuildStore.Empty();
        foreach (var name in new[] { first, second })
        {
            var pull = other.Hoist("pull", name);
            Assert.True(pull.ExitCode == 0, pull.Stderr);
            var id = JsonDocument.Parse(other.Hoist("inspect", name).Stdout).RootElement[0].GetProperty("Id").GetString();
            Assert.Equal(File.ReadAllText(NewPath("pushed-iid")), id);
        }
        var registryOutput = store.Hoist("build", "-o", $"type=registry,name={registry.Host}/built/other:3", ScratchContext());
        Assert.True(registryOutput.ExitCode == 0, registryOutput.Stderr);
        Assert.Equal(0, other.Hoist("pull", $"{registry.Host}/built/other:3").ExitCode);
    }

    [RootFact]
    public void Rawjson_progress_is_one_parsable_object_per_line_ending_with_the_result()
    {
        var build = store.Hoist("build", "--no-cache", "--progress", "rawjson", "-t", "test/rawjson:1", "-o", $"type=local,dest={NewPath("raw")}", ScratchContext());
        Assert.True(build.ExitCode == 0, build.Stderr);

        var events = build.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("result", types[^1]);
        Assert.Contains("step-output", types);
        // every step ends once: done, or found in the cache (the class shares a store, so earlier builds may have cached it)
        Assert.Equal(types.Count(t => t == "step-started"), types.Count(t => t is "step-completed" or "step-cached"));
        Assert.Contains(events, e => e.TryGetProperty("title", out var t) && t.GetString() == "[build 2/2] RUN mkdir /out && echo built > /out/hello.txt");
        Assert.Contains(events, e => e.TryGetProperty("title", out var t) && t.GetString() == "exporting to client directory");
        var result = events[^1];
        Assert.Equal(["docker.io/test/rawjson:1"], result.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.StartsWith("sha256:", result.GetProperty("imageId").GetString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
