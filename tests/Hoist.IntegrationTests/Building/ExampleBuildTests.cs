using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hoist.Content;
using Hoist.Oci;
using Hoist.IntegrationTests.Formats;
using Hoist.IntegrationTests.Registry;
using Xunit.Abstractions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// The examples/ Dockerfiles built offline over the fixture base images, the images run with <c>hoist run</c> (and with
/// docker where it is present), and recovery from builds killed at several points.
/// </summary>
public sealed class ExampleBuildTests(BuildStore store, DockerDaemon docker, ITestOutputHelper log)
    : IClassFixture<BuildStore>, IClassFixture<DockerDaemon>
{
    [RootFact]
    public async Task The_c_to_scratch_example_builds_and_runs()
    {
        await ImportGccAsync();
        var build = store.Hoist("build", "-t", "c-to-scratch", Example("c-to-scratch"));
        log.WriteLine(build.Stderr);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("% smaller", build.Stderr);
        // What the split left in the build stage, from the stage images themselves (dpkg's database, the bin dirs).
        Assert.Matches(@"split    left behind: [^\n]*gcc 12[^\n]*, [\d,]+ packages, [\d.]+MB \(in the build stages, not shipped\)", build.Stderr);
        var run = store.Hoist("run", "c-to-scratch");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hello from a scratch image built by hoist\n", run.Stdout);
    }

    [RootFact]
    public async Task A_single_stage_build_on_a_compiler_image_is_told_what_a_split_would_leave_behind()
    {
        await ImportGccAsync();
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/debian-gcc:bookworm\nRUN echo built > /built.txt\n"));
        var build = store.Hoist("build", "--progress", "plain", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Matches(@"split    ships [^\n]*gcc 12[^\n]*: build in a separate stage and COPY --from only the result", build.Stderr);
        Assert.DoesNotContain("left behind", build.Stderr);

        // The base's layer was walked once and recorded; the report itself is kept by image ID for the rebuild.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(store.Root, "analysis", "layers")));
        var again = store.Hoist("build", "--progress", "plain", context);
        Assert.Contains("split    ships", again.Stderr);
    }

    [RootFact]
    public async Task The_build_test_runtime_example_passes_its_test_target_and_the_runtime_image_calculates()
    {
        await ImportGccAsync();
        var test = store.Hoist("build", "--progress", "plain", "--target", "test", Example("build-test-runtime"));
        Assert.True(test.ExitCode == 0, test.Stderr);
        Assert.Contains("0 failures", test.Stderr);
        Assert.Contains("[build 1/4] FROM hoist-fixtures/debian-gcc:bookworm\n", test.Stderr); // the resolved name, as BuildKit shows it

        var runtime = store.Hoist("build", "--progress", "plain", "-t", "calc:example", Example("build-test-runtime"));
        Assert.True(runtime.ExitCode == 0, runtime.Stderr);
        // The default target does not depend on the test stage, so it is never built.
        Assert.DoesNotContain("[test ", runtime.Stderr);
        var image = await ContentStore.Open(store.Root).ResolveImageAsync("calc:example");
        Assert.Equal("65532:65532", image.Config.Config.Config?.User);

        Assert.Equal("5\n", store.Hoist("run", "calc:example").Stdout);
        Assert.Equal("42\n", store.Hoist("run", "calc:example", "6", "x", "7").Stdout);
    }

    [RootFact]
    public async Task The_test_target_fails_and_shows_the_failing_step_when_a_test_fails()
    {
        await ImportGccAsync();
        var context = CopyExample("build-test-runtime");
        var header = Path.Combine(context, "calc.h");
        File.WriteAllText(header, File.ReadAllText(header).Replace("return a + b;", "return a - b;", StringComparison.Ordinal));

        var test = store.Hoist("build", "--progress", "plain", "--target", "test", context);
        log.WriteLine(test.Stderr);
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("ERROR: failed to build: [test 1/1] RUN gcc -O2 -o /tmp/calc_test calc_test.c && /tmp/calc_test", test.Stderr);
        Assert.Contains(" > FAIL 2+3", test.Stderr);
        Assert.Contains("Dockerfile:13", test.Stderr);

        // The bug does not stop the runtime target, which never runs the tests: the gate is `--target test`.
        var runtime = store.Hoist("build", "-t", "calc:broken", context);
        Assert.True(runtime.ExitCode == 0, runtime.Stderr);
        Assert.Equal("-1\n", store.Hoist("run", "calc:broken").Stdout);
    }

    [RootFact]
    public async Task The_static_site_example_is_served_by_busybox_httpd()
    {
        var build = store.Hoist("build", "-t", "static-site:example", Example("static-site"));
        Assert.True(build.ExitCode == 0, build.Stderr);
        var image = await ContentStore.Open(store.Root).ResolveImageAsync("static-site:example");
        var config = image.Config.Config.Config!;
        Assert.Equal(["8080/tcp"], config.ExposedPorts);
        Assert.Equal("65532:65532", config.User);
        Assert.Equal(["httpd", "-f", "-v", "-h", "/srv/www"], config.Entrypoint);

        // hoist run gives the container a private network, as docker run: its port 8080 is published on a free
        // loopback port of the host.
        var port = LoopbackListener.FreePort();
        using var server = HoistProcess.Start(["--root", store.Root, "run", "-p", $"127.0.0.1:{port}:8080", "static-site:example"]);
        var serverLog = server.StandardError.ReadToEndAsync();
        _ = server.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var index = await LoopbackListener.GetWhenUpAsync(http, $"http://127.0.0.1:{port}/", server, TimeSpan.FromSeconds(60));
            Assert.Contains("<h1>Served from a multi-stage image</h1>", index);
            Assert.DoesNotContain("@BUILD@", index);
            Assert.Contains($"built {DateTime.UtcNow.Year}", index);
            // The assets stage also shipped a pre-compressed copy next to the page.
            var gzipped = await http.GetByteArrayAsync($"http://127.0.0.1:{port}/index.html.gz");
            Assert.Equal([0x1f, 0x8b], gzipped[..2]);
            var missing = await http.GetAsync($"http://127.0.0.1:{port}/nope.html");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            // SIGTERM, as Ctrl-C would: hoist kills the container and removes its snapshot.
            Signal(server, "TERM");
            server.WaitForExit();
        }
        log.WriteLine(await serverLog);
        Assert.Equal(130, server.ExitCode);
        Assert.False(Listening(port), "the web server is still running after hoist run was stopped");
        AssertNoLeftovers(store.Root);
    }

    [RootFact]
    public void The_scan_gate_example_passes_a_clean_app_and_stops_a_key_or_a_world_writable_file()
    {
        var clean = store.Hoist("build", "-t", "scan-gate:example", Example("scan-gate"));
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Equal("scan passed\n", store.Hoist("run", "scan-gate:example", "cat", "/etc/scan-passed").Stdout);
        Assert.Equal("app is running\n", store.Hoist("run", "scan-gate:example").Stdout);

        var withKey = CopyExample("scan-gate");
        File.WriteAllText(Path.Combine(withKey, "app", "deploy_key"), "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n");
        var keyBuild = store.Hoist("build", "--progress", "plain", "-t", "scan-gate:key", withKey);
        Assert.NotEqual(0, keyBuild.ExitCode);
        Assert.Contains("scan: private key in /scan/app/deploy_key", keyBuild.Stderr);
        Assert.Contains("ERROR: failed to build: [scan 3/3] RUN", keyBuild.Stderr);
        Assert.DoesNotContain("[runtime ", keyBuild.Stderr.Split("ERROR: failed to build")[1]);
        Assert.Null(TryResolve("scan-gate:key"));

        var writable = CopyExample("scan-gate");
        var data = Path.Combine(writable, "app", "data.txt");
        File.WriteAllText(data, "settings\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(data, (UnixFileMode)0b110_110_110);
        var writableBuild = store.Hoist("build", "--progress", "plain", "-t", "scan-gate:writable", writable);
        Assert.NotEqual(0, writableBuild.ExitCode);
        Assert.Contains("scan: world-writable /scan/app/data.txt", writableBuild.Stderr);
        Assert.Null(TryResolve("scan-gate:writable"));
    }

    [RequiresDockerFact]
    public async Task Docker_loads_and_runs_the_example_images_hoist_built()
    {
        await ImportGccAsync();
        foreach (var (example, name) in new[] { ("build-test-runtime", "hoist-example/calc:docker"), ("c-to-scratch", "hoist-example/hello:docker") })
        {
            var build = store.Hoist("build", "-t", name, Example(example));
            Assert.True(build.ExitCode == 0, build.Stderr);
        }
        var archive = Path.Combine(Directory.CreateTempSubdirectory("hoist-example-save-").FullName, "examples.tar");
        var save = store.Hoist("save", "--format", "docker", "-o", archive, "hoist-example/calc:docker", "hoist-example/hello:docker");
        Assert.True(save.ExitCode == 0, save.Stderr);

        var loaded = docker.Docker("load", "-i", archive);
        Assert.Contains("Loaded image: hoist-example/calc:docker", loaded);
        Assert.Contains("Loaded image: hoist-example/hello:docker", loaded);
        Assert.Equal("5\n", docker.Docker("run", "--rm", "--network", "none", "hoist-example/calc:docker"));
        Assert.Equal("42\n", docker.Docker("run", "--rm", "--network", "none", "hoist-example/calc:docker", "6", "x", "7"));
        Assert.Equal("hello from a scratch image built by hoist\n", docker.Docker("run", "--rm", "--network", "none", "hoist-example/hello:docker"));
        Assert.Equal("65532:65532\n", docker.Docker("image", "inspect", "--format", "{{.Config.User}}", "hoist-example/hello:docker"));
    }

    [RootFact]
    public void A_build_killed_mid_run_leaves_no_mount_and_the_next_build_succeeds()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            RUN echo started && sleep 60
            """));
        using (var process = HoistProcess.Start(["--root", store.Root, "build", "--progress", "plain", context]))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            while (process.StandardError.ReadLine() is { } line && !line.Contains("started", StringComparison.Ordinal)) { }
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
        var next = store.Hoist("build", store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN echo again\n")));
        Assert.True(next.ExitCode == 0, next.Stderr);
        AssertNoLeftovers(store.Root);
    }

    [RootFact]
    public async Task A_build_killed_while_importing_pulling_or_unpacking_its_base_recovers_on_the_next_run()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        using var imported = BuildStore.Empty();
        var gcc = Path.Combine(FixtureImages.CacheDirectory(gcc: true), "debian-gcc-rootfs.tar");
        ContentStore.Open(imported.Root);

        // Killed while the 380 MB root filesystem is being written into the store.
        KillWhenCreated(Path.Combine(imported.Root, "ingest"), ["--root", imported.Root, "import", gcc, FixtureImages.DebianGcc]);
        Assert.Null(await TryResolveAsync(imported.Root, FixtureImages.DebianGcc));
        var import = imported.Hoist("import", gcc, FixtureImages.DebianGcc);
        Assert.True(import.ExitCode == 0, import.Stderr);
        AssertNoLeftovers(imported.Root);

        // Killed while a build pulls that image (140 MB over loopback) from a registry into an empty store.
        await using var registry = await RegistryServer.StartAsync();
        var reference = $"{registry.Host}/fixtures/debian-gcc:bookworm";
        var push = imported.Hoist("push", FixtureImages.DebianGcc, reference);
        Assert.True(push.ExitCode == 0, push.Stderr);
        using var pulled = BuildStore.Empty();
        ContentStore.Open(pulled.Root);
        var context = pulled.NewContext(("Dockerfile", $"FROM {reference}\nRUN gcc --version\n"));
        KillWhenCreated(Path.Combine(pulled.Root, "ingest"), ["--root", pulled.Root, "build", context]);
        Assert.Null(await TryResolveAsync(pulled.Root, reference));
        AssertNoLeftovers(pulled.Root, afterRun: false);

        // Killed while the first RUN unpacks the pulled layer into the snapshot store.
        var unpacking = Path.Combine(pulled.Root, "snapshots", "tmp");
        Directory.CreateDirectory(unpacking);
        KillWhenCreated(unpacking, ["--root", pulled.Root, "build", context]);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(unpacking));
        var build = pulled.Hoist("build", "--progress", "plain", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("gcc (Debian", build.Stderr);
        AssertNoLeftovers(pulled.Root);
    }

    [RootFact]
    public void A_build_killed_while_writing_a_copy_layer_or_committing_recovers_on_the_next_run()
    {
        var big = new byte[48 << 20];
        Random.Shared.NextBytes(big);
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nCOPY big.bin /data/big.bin\n"));
        File.WriteAllBytes(Path.Combine(context, "big.bin"), big);
        var ingest = Path.Combine(store.Root, "ingest");

        // The first blob of this build is the COPY layer (48 MB of random data to compress).
        var killed = KillWhenCreated(ingest, ["--root", store.Root, "build", "-t", "killed:copy", context]);
        Assert.NotEqual(0, killed);
        Assert.Null(TryResolve("killed:copy"));
        var next = store.Hoist("build", "-t", "killed:copy", context);
        Assert.True(next.ExitCode == 0, next.Stderr);
        AssertNoLeftovers(store.Root);

        // Killed when the commit starts writing the image config (the blob after the layer): the name is either not
        // set or names a complete image, never a torn one.
        var commit = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nCOPY small.txt /small.txt\n"), ("small.txt", Guid.NewGuid().ToString()));
        KillWhenCreated(ingest, ["--root", store.Root, "build", "-t", "killed:commit", commit], occurrence: 2);
        if (TryResolve("killed:commit") is not null)
        {
            Assert.Equal(0, store.Hoist("run", "killed:commit", "cat", "/small.txt").ExitCode);
        }
        var again = store.Hoist("build", "-t", "killed:commit", commit);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(0, store.Hoist("run", "killed:commit", "cat", "/small.txt").ExitCode);
        AssertNoLeftovers(store.Root);
    }

    /// <summary>
    /// Starts hoist and SIGKILLs it as soon as the <paramref name="occurrence"/>th entry appears in
    /// <paramref name="directory"/> (inotify, no polling); returns its exit code.
    /// </summary>
    private int KillWhenCreated(string directory, string[] args, int occurrence = 1)
    {
        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
        var created = 0;
        var reached = new ManualResetEventSlim();
        Process? process = null;
        var gate = new object();
        watcher.Created += (_, e) =>
        {
            lock (gate)
            {
                if (++created != occurrence) return;
                process?.Kill(entireProcessTree: false);
                reached.Set();
            }
        };
        watcher.EnableRaisingEvents = true;
        lock (gate) process = HoistProcess.Start(args);
        using (process)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            log.WriteLine($"hoist {string.Join(' ', args.Skip(2))}: exit {process.ExitCode} after {created} new entries in {directory}");
            AgeIngestFiles(args[1]);
            Assert.True(reached.IsSet || process.ExitCode == 0, stderr.Result);
            return process.ExitCode;
        }
    }

    /// <summary>
    /// The store leaves unlocked temp files younger than <c>ContentStore.StaleIngestAge</c> (10 s) alone, as their writer
    /// may sit between open() and flock(); back-date the killed writer's files instead of waiting that long.
    /// </summary>
    private static void AgeIngestFiles(string root)
    {
        var ingest = Path.Combine(root, "ingest");
        if (!Directory.Exists(ingest)) return;
        foreach (var file in Directory.EnumerateFiles(ingest)) File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
    }

    /// <summary>No overlay or other mount under the state directory, no writer's temp file, no unpack or run directory.</summary>
    private static void AssertNoLeftovers(string root, bool afterRun = true)
    {
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(root, StringComparison.Ordinal));
        // A killed pull is cleaned when the store is next opened; other temp directories by the next run that needs them.
        if (!afterRun)
        {
            ContentStore.Open(root);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "ingest")));
            return;
        }
        foreach (var directory in new[] { "ingest", "snapshots/tmp", "snapshots/runs" })
        {
            var path = Path.Combine(root, directory);
            if (Directory.Exists(path)) Assert.Empty(Directory.EnumerateFileSystemEntries(path));
        }
    }

    private async Task ImportGccAsync()
    {
        if (await TryResolveAsync(store.Root, FixtureImages.DebianGcc) is not null) return;
        var gcc = Path.Combine(FixtureImages.CacheDirectory(gcc: true), "debian-gcc-rootfs.tar");
        await FixtureImages.ImportAsync(ContentStore.Open(store.Root), gcc, FixtureImages.DebianGcc);
    }

    private ResolvedImage? TryResolve(string name) => TryResolveAsync(store.Root, name).GetAwaiter().GetResult();

    private static async Task<ResolvedImage?> TryResolveAsync(string root, string name)
    {
        try
        {
            return await ContentStore.Open(root).ResolveImageAsync(name);
        }
        catch (HoistException)
        {
            return null;
        }
    }

    private static string Example(string name) => Path.Combine(HoistProcess.RepositoryRoot, "examples", name);

    private static string CopyExample(string name)
    {
        var source = Example(name);
        var target = Directory.CreateTempSubdirectory($"hoist-example-{name}-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }


    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
