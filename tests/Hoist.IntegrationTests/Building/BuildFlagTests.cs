using System.Text.Json;

namespace Hoist.IntegrationTests.Building;

/// <summary><c>docker buildx build</c> flags users pass to <c>hoist build</c> (issue 15 item 11).</summary>
public sealed class BuildFlagTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void Metadata_file_has_BuildKits_keys_and_load_is_accepted()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a"));
        var metadata = Path.Combine(context, "..", Path.GetFileName(context) + ".metadata.json");
        var iid = Path.Combine(context, "..", Path.GetFileName(context) + ".iid");

        var build = store.Hoist("build", "--load", "-t", "meta-test:1", "--metadata-file", metadata, "--iidfile", iid, context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        var root = json.RootElement;
        Assert.Equal(File.ReadAllText(iid), root.GetProperty("containerimage.config.digest").GetString());
        var digest = root.GetProperty("containerimage.digest").GetString();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        var descriptor = root.GetProperty("containerimage.descriptor");
        Assert.Equal(digest, descriptor.GetProperty("digest").GetString());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", descriptor.GetProperty("mediaType").GetString());
        Assert.True(descriptor.GetProperty("size").GetInt64() > 0);
        Assert.Equal("docker.io/library/meta-test:1", root.GetProperty("image.name").GetString());
        Assert.Matches("^hoist/[^/]+/[0-9a-z]{25}$", root.GetProperty("buildx.build.ref").GetString());
        var provenance = root.GetProperty("buildx.build.provenance");
        Assert.Equal("https://mobyproject.org/buildkit@v1", provenance.GetProperty("buildType").GetString());
        Assert.Equal("Dockerfile", provenance.GetProperty("invocation").GetProperty("configSource").GetProperty("entryPoint").GetString());
    }

    [RootFact]
    public void Metadata_provenance_is_per_platform_and_left_out_when_buildx_would()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a"));
        var several = Path.Combine(context, "..", Path.GetFileName(context) + ".platforms.json");
        var disabled = Path.Combine(context, "..", Path.GetFileName(context) + ".disabled.json");

        var multi = store.Hoist("build", "--platform", "linux/amd64,linux/arm64", "--metadata-file", several, context);
        var off = HoistProcess.Run(["--root", store.Root, "build", "--metadata-file", disabled, context],
            environment: new Dictionary<string, string> { ["BUILDX_METADATA_PROVENANCE"] = "disabled" });

        Assert.True(multi.ExitCode == 0 && off.ExitCode == 0, multi.Stderr + off.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(several));
        Assert.Equal(["buildx.build.provenance/linux/amd64", "buildx.build.provenance/linux/arm64", "buildx.build.ref"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("buildx.", StringComparison.Ordinal)));
        using var plain = JsonDocument.Parse(File.ReadAllText(disabled));
        Assert.False(plain.RootElement.TryGetProperty("buildx.build.provenance", out _));
        Assert.True(plain.RootElement.TryGetProperty("buildx.build.ref", out _));
    }

    [RootFact]
    public void Run_containers_get_added_hosts_ulimits_shm_size_and_cgroup_parent()
    {
        var context = store.NewContext(("Dockerfile", $$"""
            FROM {{FixtureImages.Busybox}}
            RUN cat /etc/hosts > /hosts && ulimit -n > /nofile && ulimit -Hn >> /nofile && df -k /dev/shm | tail -1 > /shm \
                && grep -c /hoist-flags-test/hoist- /proc/self/cgroup > /cgroup
            """));
        var output = Path.Combine(context, "out");

        var build = store.Hoist("build", "--add-host", "db.internal:10.1.2.3", "--add-host", "v6host=::1", "--ulimit", "nofile=512:1024",
            "--shm-size", "128m", "--cgroup-parent", "/hoist-flags-test", "-o", $"type=local,dest={output}", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        var hosts = File.ReadAllLines(Path.Combine(output, "hosts"));
        Assert.Contains("10.1.2.3\tdb.internal", hosts);
        Assert.Contains("::1\tv6host", hosts);
        Assert.Equal(["512", "1024"], File.ReadAllLines(Path.Combine(output, "nofile")));
        Assert.Equal("131072", File.ReadAllText(Path.Combine(output, "shm")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.NotEqual("0", File.ReadAllText(Path.Combine(output, "cgroup")).Trim());
    }

    [RootFact]
    public void Changing_an_added_host_runs_the_step_again()
    {
        var context = store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nRUN cat /etc/hosts > /hosts\n"));

        var first = store.Hoist("build", "--progress", "plain", "--add-host", "a:10.0.0.1", context);
        var same = store.Hoist("build", "--progress", "plain", "--add-host", "a:10.0.0.1", context);
        var changed = store.Hoist("build", "--progress", "plain", "--add-host", "a:10.0.0.2", context);

        Assert.True(first.ExitCode == 0 && changed.ExitCode == 0, first.Stderr + changed.Stderr);
        Assert.Contains("CACHED", same.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("CACHED", changed.Stderr, StringComparison.Ordinal);
    }

    [RootFact]
    public void Bad_sandbox_flags_fail_before_building_with_one_line()
    {
        var context = store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nRUN true\n"));

        var ulimit = store.Hoist("build", "--ulimit", "nofile=9:1", context);
        var gateway = store.Hoist("build", "--add-host", "gw:host-gateway", context);
        var shm = store.Hoist("build", "--shm-size", "lots", context);

        Assert.Equal((1, "error: --ulimit: ulimit soft limit must be less than or equal to hard limit: 9 > 1"), (ulimit.ExitCode, ulimit.Stderr.Trim()));
        Assert.Contains("host-gateway needs --network host", gateway.Stderr, StringComparison.Ordinal);
        Assert.Equal((1, "error: --shm-size: invalid size: 'lots' (a positive size such as 64m or 1g)"), (shm.ExitCode, shm.Stderr.Trim()));
    }

    [RootFact]
    public void A_dockerfile_given_by_url_is_downloaded_and_builds_the_local_context()
    {
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]>
        {
            ["/Dockerfile"] = System.Text.Encoding.UTF8.GetBytes("FROM scratch\nCOPY a.txt /\n"),
        }, DateTimeOffset.UnixEpoch);
        var context = store.NewContext(("a.txt", "from the context"));
        var output = Path.Combine(context, "..", Path.GetFileName(context) + "-out");

        var build = store.Hoist("build", "-f", server.Url("/Dockerfile"), "-o", $"type=local,dest={output}", context);
        var missing = store.Hoist("build", "-f", server.Url("/nothing"), context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal("from the context", File.ReadAllText(Path.Combine(output, "a.txt")));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"error: failed to read Dockerfile {server.Url("/nothing")}: 404", missing.Stderr.Trim(), StringComparison.Ordinal);
    }

    [RootFact]
    public void Zstd_compression_and_annotations_reach_the_manifest()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "zstd me"));
        var archive = Path.Combine(context, "..", Path.GetFileName(context) + ".oci.tar");

        var build = store.Hoist("build", "--annotation", "org.opencontainers.image.source=https://example.com/repo",
            "-o", $"type=oci,dest={archive},compression=zstd,compression-level=19,annotation.from-output=yes", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var manifest = JsonDocument.Parse(HostCommand.Run("skopeo", "inspect", "--raw", $"oci-archive:{archive}"));
        var root = manifest.RootElement;
        Assert.Equal("application/vnd.oci.image.layer.v1.tar+zstd", root.GetProperty("layers")[0].GetProperty("mediaType").GetString());
        Assert.Equal("https://example.com/repo", root.GetProperty("annotations").GetProperty("org.opencontainers.image.source").GetString());
        Assert.Equal("yes", root.GetProperty("annotations").GetProperty("from-output").GetString());
        Assert.Contains("a.txt", HostCommand.Run("sh", "-c", $"mkdir -p {archive}.x && tar -xf {archive} -C {archive}.x && "
            + $"zstd -dc {archive}.x/blobs/sha256/{root.GetProperty("layers")[0].GetProperty("digest").GetString()![7..]} | tar -t"), StringComparison.Ordinal);
    }

    /// <summary>The layer media types of <paramref name="archive"/>'s image, and its config digest.</summary>
    private static (List<string> Layers, string Config) Layers(string archive)
    {
        using var manifest = JsonDocument.Parse(HostCommand.Run("skopeo", "inspect", "--raw", $"oci-archive:{archive}"));
        var root = manifest.RootElement;
        return ([.. root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("mediaType").GetString()!)],
            root.GetProperty("config").GetProperty("digest").GetString()!);
    }

    [RootFact]
    public void Force_compression_writes_every_layer_of_a_gzip_base_in_the_compression_asked_for()
    {
        var context = store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nRUN echo run > /run.txt\nCOPY a.txt /\n"), ("a.txt", "a"));
        var plain = Path.Combine(context, "..", Path.GetFileName(context) + ".zstd.tar");
        var forced = Path.Combine(context, "..", Path.GetFileName(context) + ".forced.tar");
        var copied = Path.Combine(context, "..", Path.GetFileName(context) + ".dir");

        var zstd = store.Hoist("build", "-o", $"type=oci,dest={plain},compression=zstd", context);
        var force = store.Hoist("build", "-o", $"type=oci,dest={forced},compression=zstd,force-compression=true", context);

        Assert.True(zstd.ExitCode == 0 && force.ExitCode == 0, zstd.Stderr + force.Stderr);
        const string Gzip = "application/vnd.oci.image.layer.v1.tar+gzip", Zstd = "application/vnd.oci.image.layer.v1.tar+zstd";
        // Without force the base keeps its gzip; the RUN layer (kept as a snapshot until the export) is zstd too.
        var (unforcedLayers, unforcedConfig) = Layers(plain);
        Assert.Equal([Gzip, Zstd, Zstd], unforcedLayers);
        var (forcedLayers, forcedConfig) = Layers(forced);
        Assert.Equal([Zstd, Zstd, Zstd], forcedLayers);
        Assert.Equal(unforcedConfig, forcedConfig);
        // skopeo verifies every blob against its digest while copying; the base layer decompresses to busybox.
        HostCommand.Run("skopeo", "copy", "-q", $"oci-archive:{forced}", $"dir:{copied}");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(copied, "manifest.json")));
        var baseLayer = manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()![7..];
        Assert.Contains("bin/busybox", HostCommand.Run("sh", "-c", $"zstd -dc {copied}/{baseLayer} | tar -t"), StringComparison.Ordinal);
    }

    [RootFact]
    public void Platform_qualified_annotations_go_on_that_platforms_manifest_and_descriptor()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a"));
        var layout = Path.Combine(context, "..", Path.GetFileName(context) + ".layout");

        var build = store.Hoist("build", "--platform", "linux/amd64,linux/arm64", "--annotation", "manifest:all=1",
            "--annotation", "manifest[linux/arm64]:arch=arm", "--annotation", "manifest-descriptor[linux/amd64]:desc=amd",
            "-o", $"type=oci,dest={layout},tar=false", context);
        var missing = store.Hoist("build", "--platform", "linux/amd64,linux/arm64", "--annotation", "manifest[linux/s390x]:k=v", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var index = JsonDocument.Parse(HostCommand.Run("skopeo", "inspect", "--raw", $"oci:{layout}"));
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal("""{"architecture":"amd64","os":"linux"}""", entries[0].GetProperty("platform").GetRawText());
        Assert.Equal("amd", entries[0].GetProperty("annotations").GetProperty("desc").GetString());
        Assert.False(entries[1].TryGetProperty("annotations", out _));
        string ManifestAnnotations(JsonElement entry) => JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256",
            entry.GetProperty("digest").GetString()![7..]))).RootElement.GetProperty("annotations").GetRawText();
        Assert.Equal("""{"all":"1"}""", ManifestAnnotations(entries[0]));
        Assert.Equal("""{"all":"1","arch":"arm"}""", ManifestAnnotations(entries[1]));
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error: --annotation manifest[linux/s390x]:k=v: invalid annotation: no platform linux/s390x found in source", missing.Stderr.Trim());
    }

    /// <summary>Where BuildKit v0.25.2 (docker 28.5.2, containerd image store, <c>--provenance=false</c>) puts descriptor
    /// annotations, recorded with the same Dockerfile: an index's on the index entry of the oci output's index.json
    /// (<c>index-descriptor[P]:</c> too, its platform dropped), <c>manifest-descriptor</c> ones on each platform's
    /// entry in the index; a single platform's manifest entry carries them with the names, its platform and
    /// <c>org.opencontainers.image.created</c>, as does <c>--metadata-file</c>'s descriptor for an oci output.</summary>
    [RootFact]
    public void Descriptor_annotations_go_on_the_oci_outputs_index_json_entry_as_BuildKit_puts_them()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a"));
        var multi = Path.Combine(context, "..", Path.GetFileName(context) + ".multi");
        var single = Path.Combine(context, "..", Path.GetFileName(context) + ".single.tar");
        var metadata = Path.Combine(context, "..", Path.GetFileName(context) + ".metadata.json");

        var index = store.Hoist("build", "--platform", "linux/amd64,linux/arm64", "--annotation", "index-descriptor:desc=index",
            "--annotation", "manifest-descriptor:desc=manifest", "--annotation", "index-descriptor[linux/arm64]:qual=arm",
            "-o", $"type=oci,dest={multi},tar=false,annotation-index-descriptor.out=o", context);
        var manifest = store.Hoist("build", "-t", "example.com/app:v1", "--annotation", "manifest-descriptor:desc=manifest",
            "--metadata-file", metadata, "-o", $"type=oci,dest={single}", context);

        Assert.True(index.ExitCode == 0 && manifest.ExitCode == 0, index.Stderr + manifest.Stderr);
        using var multiIndex = JsonDocument.Parse(File.ReadAllText(Path.Combine(multi, "index.json")));
        var entry = multiIndex.RootElement.GetProperty("manifests").EnumerateArray().Single();
        Assert.Equal("application/vnd.oci.image.index.v1+json", entry.GetProperty("mediaType").GetString());
        Assert.Equal("""{"desc":"index","org.opencontainers.image.created":"<created>","out":"o","qual":"arm"}""", Created(entry.GetProperty("annotations")));
        Assert.False(entry.TryGetProperty("platform", out _));
        using var platforms = JsonDocument.Parse(File.ReadAllText(Path.Combine(multi, "blobs", "sha256", entry.GetProperty("digest").GetString()![7..])));
        Assert.All(platforms.RootElement.GetProperty("manifests").EnumerateArray(),
            m => Assert.Equal("""{"desc":"manifest"}""", m.GetProperty("annotations").GetRawText()));
        using var singleIndex = JsonDocument.Parse(HostCommand.Run("tar", "-xOf", single, "index.json"));
        var singleEntry = singleIndex.RootElement.GetProperty("manifests")[0];
        Assert.Equal("""{"desc":"manifest","io.containerd.image.name":"example.com/app:v1","org.opencontainers.image.created":"<created>","org.opencontainers.image.ref.name":"v1"}""",
            Created(singleEntry.GetProperty("annotations")));
        Assert.Equal("""{"architecture":"amd64","os":"linux"}""", singleEntry.GetProperty("platform").GetRawText());
        using var result = JsonDocument.Parse(File.ReadAllText(metadata));
        var descriptor = result.RootElement.GetProperty("containerimage.descriptor");
        Assert.Equal("""{"desc":"manifest","org.opencontainers.image.created":"<created>"}""", Created(descriptor.GetProperty("annotations")));
        Assert.Equal("""{"architecture":"amd64","os":"linux"}""", JsonSerializer.Serialize(descriptor.GetProperty("platform")));
    }

    /// <summary>The annotations as compact JSON with the creation time (RFC 3339, whole seconds, UTC) replaced by a marker.</summary>
    private static string Created(JsonElement annotations) => System.Text.RegularExpressions.Regex.Replace(
        JsonSerializer.Serialize(annotations), @"""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""", "\"<created>\"");

    [RootFact]
    public void Oci_mediatypes_false_writes_a_docker_manifest_with_docker_gzip_layers()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "docker types"));
        var archive = Path.Combine(context, "..", Path.GetFileName(context) + ".docker.tar");

        var build = store.Hoist("build", "-o", $"type=oci,dest={archive},oci-mediatypes=false", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var manifest = JsonDocument.Parse(HostCommand.Run("skopeo", "inspect", "--raw", $"oci-archive:{archive}"));
        var root = manifest.RootElement;
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", root.GetProperty("mediaType").GetString());
        Assert.Equal("application/vnd.docker.container.image.v1+json", root.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.Equal("application/vnd.docker.image.rootfs.diff.tar.gzip", root.GetProperty("layers")[0].GetProperty("mediaType").GetString());
    }

    [RootFact]
    public void Metadata_file_lists_the_check_warnings_when_buildx_would()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch as base\nCOPY a.txt /\n"), ("a.txt", "a"));
        var metadata = Path.Combine(context, "..", Path.GetFileName(context) + ".warnings.json");

        var build = HoistProcess.Run(["--root", store.Root, "build", "--metadata-file", metadata, context],
            environment: new Dictionary<string, string> { ["BUILDX_METADATA_WARNINGS"] = "1" });

        Assert.True(build.ExitCode == 0, build.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        var warning = json.RootElement.GetProperty("buildx.build.warnings")[0];
        Assert.Equal("FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
            System.Text.Encoding.UTF8.GetString(warning.GetProperty("short").GetBytesFromBase64()));
        Assert.Equal("https://docs.docker.com/go/dockerfile/rule/from-as-casing/", warning.GetProperty("url").GetString());
        Assert.Equal(1, warning.GetProperty("range")[0].GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal("FROM scratch as base\nCOPY a.txt /\n",
            System.Text.Encoding.UTF8.GetString(warning.GetProperty("sourceInfo").GetProperty("data").GetBytesFromBase64()));
    }

    [RootFact]
    public void Several_targets_build_each_once_share_stages_and_name_the_last()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox} AS build
            RUN echo built-$RANDOM > /a
            FROM build AS test
            RUN cat /a
            FROM {FixtureImages.Busybox} AS runtime
            COPY --from=build /a /a
            CMD ["cat", "/a"]
            """));

        var build = store.Hoist("build", "--no-cache", "--progress", "plain", "--target", "test", "--target", "runtime", "-t", "several:1", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        var lines = build.Stderr.Split('\n');
        var runs = lines.Where(l => l.EndsWith("] RUN echo built-$RANDOM > /a", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Contains($"{runs[1]} CACHED", lines);
        var tested = lines.Single(l => l.Contains(" built-", StringComparison.Ordinal) && l.StartsWith(lines.Single(t => t.EndsWith("] RUN cat /a", StringComparison.Ordinal)).Split(' ')[0] + " ", StringComparison.Ordinal));
        Assert.Equal(tested.Split(' ')[^1] + "\n", store.Hoist("run", "several:1").Stdout);
        var ids = lines.Where(l => l.StartsWith('#')).Select(l => int.Parse(l[1..l.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Distinct().Order(), ids.Distinct());
    }

    [RootFact]
    public void A_failing_earlier_target_stops_the_build_before_the_last()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox} AS test
            RUN false
            FROM {FixtureImages.Busybox} AS runtime
            RUN echo runtime
            """));

        var build = store.Hoist("build", "--progress", "plain", "--target", "test", "--target", "runtime", "-t", "never:1", context);

        Assert.Equal(1, build.ExitCode);
        Assert.DoesNotContain("[runtime", build.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, store.Hoist("inspect", "never:1").ExitCode);
    }
}
