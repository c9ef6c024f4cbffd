using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace Hoist.IntegrationTests.Building;

/// <summary>RUN --mount end to end with the busybox fixture: every mount type, and nothing of them left in the image.</summary>
public sealed class RunMountTests(BuildStore store) : IClassFixture<BuildStore>
{
    private const string Busybox = FixtureImages.Busybox;

    private string Run(string image, string script)
    {
        var run = store.Hoist("run", image, "sh", "-c", script);
        Assert.True(run.ExitCode == 0, $"{script}: {run.Stdout}{run.Stderr}");
        return run.Stdout;
    }

    private HoistProcess.Result Build(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        HoistProcess.Run(["--root", store.Root, "build", .. args], environment: environment, timeout: TimeSpan.FromMinutes(10));

    [RootFact]
    public void Bind_mounts_read_the_context_and_a_stage_and_leave_no_trace()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox} AS tools
            RUN mkdir -p /opt/tool && echo from-stage > /opt/tool/msg

            FROM {Busybox}
            RUN --mount=type=bind,target=/ctx cat /ctx/data.txt > /from-context.txt && test ! -e /ctx/ignored.txt && ! touch /ctx/new 2>/dev/null
            RUN --mount=type=bind,from=tools,source=/opt/tool,target=/mnt/tool cat /mnt/tool/msg > /from-stage.txt
            RUN --mount=type=bind,source=data.txt,target=/data.txt,rw echo changed > /data.txt && cat /data.txt > /rw.txt
            RUN --mount=from={Busybox},source=/bin/busybox,target=/opt/busybox /opt/busybox echo from-image > /from-image.txt
            RUN --mount=type=cache,id=seeded,from=tools,source=/opt/tool,target=/seeded cat /seeded/msg > /seeded.txt
            """), ("data.txt", "context data\n"), ("ignored.txt", "must not be seen\n"), (".dockerignore", "ignored.txt\n"));
        var build = store.Hoist("build", "-t", "test/bind", context);
        Assert.True(build.ExitCode == 0, build.Stderr);

        Assert.Equal("context data\nfrom-stage\nchanged\nfrom-image\nfrom-stage\n",
            Run("test/bind", "cat /from-context.txt /from-stage.txt /rw.txt /from-image.txt /seeded.txt"));
        Assert.Equal("gone\n", Run("test/bind", "test ! -e /ctx && test ! -e /mnt/tool && test ! -e /data.txt && test ! -e /opt/busybox && test ! -e /seeded && echo gone"));
        Assert.Equal("context data\n", File.ReadAllText(Path.Combine(context, "data.txt"))); // rw wrote to a copy
        Assert.False(File.Exists(Path.Combine(context, "new")));
    }

    private string BuildId(string context, string tag)
    {
        var iid = Path.Combine(context, "..", tag.Replace('/', '-').Replace(':', '-') + ".iid");
        var build = store.Hoist("build", "--iidfile", iid, "-t", tag, context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return File.ReadAllText(iid);
    }

    [RootFact]
    public void A_bind_mount_keys_the_cache_by_what_it_exposes()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox} AS tools
            COPY tool.txt /opt/tool.txt

            FROM {Busybox}
            RUN --mount=type=bind,source=data.txt,target=/data.txt cat /data.txt > /seen-context.txt
            RUN --mount=type=bind,from=tools,source=/opt,target=/mnt cat /mnt/tool.txt > /seen-stage.txt
            """), ("data.txt", "one\n"), ("tool.txt", "tool one\n"), ("unrelated.txt", "a\n"));
        var first = BuildId(context, "test/bindkey:1");
        File.WriteAllText(Path.Combine(context, "unrelated.txt"), "b\n"); // not mounted: both RUNs stay cached
        Assert.Equal(first, BuildId(context, "test/bindkey:2"));

        // Each RUN must miss on its own mount: the stage one sits after the context one, whose key is unchanged.
        File.WriteAllText(Path.Combine(context, "tool.txt"), "tool two\n");
        Assert.NotEqual(first, BuildId(context, "test/bindkey:3"));
        File.WriteAllText(Path.Combine(context, "data.txt"), "two\n");
        BuildId(context, "test/bindkey:4");
        Assert.Equal("one\ntool one\n", Run("test/bindkey:2", "cat /seen-context.txt /seen-stage.txt"));
        Assert.Equal("one\ntool two\n", Run("test/bindkey:3", "cat /seen-context.txt /seen-stage.txt"));
        Assert.Equal("two\ntool two\n", Run("test/bindkey:4", "cat /seen-context.txt /seen-stage.txt"));
    }

    [RootFact]
    public void A_cache_mount_persists_between_builds_and_stays_out_of_the_image()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=cache,target=/var/cache/app n=$(cat /var/cache/app/count 2>/dev/null || echo 0) && echo $((n + 1)) > /var/cache/app/count && cat /var/cache/app/count > /seen.txt
            """));
        var first = store.Hoist("build", "--no-cache", "-t", "test/cache:1", context);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var second = store.Hoist("build", "--no-cache", "-t", "test/cache:2", context);
        Assert.True(second.ExitCode == 0, second.Stderr);

        Assert.Equal("1\n", Run("test/cache:1", "cat /seen.txt"));
        Assert.Equal("2\n", Run("test/cache:2", "cat /seen.txt"));
        Assert.Equal("absent\n", Run("test/cache:2", "test ! -e /var/cache/app/count && echo absent"));
        var counts = Directory.GetFiles(Path.Combine(store.Root, "cache-mounts"), "count", SearchOption.AllDirectories);
        Assert.Equal("2\n", File.ReadAllText(Assert.Single(counts)));
    }

    [RootFact]
    public void A_tmpfs_mount_is_a_tmpfs_of_the_asked_size_and_leaves_nothing()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=tmpfs,target=/scratch,size=1m echo x > /scratch/f && grep " /scratch " /proc/mounts > /tmpfs.txt
            """));
        var build = store.Hoist("build", "-t", "test/tmpfs", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        var line = Run("test/tmpfs", "cat /tmpfs.txt");
        Assert.StartsWith("tmpfs /scratch tmpfs", line);
        Assert.Contains("size=1024k", line);
        Assert.Equal("gone\n", Run("test/tmpfs", "test ! -e /scratch && echo gone"));
    }

    [RootFact]
    public void Secrets_are_visible_to_the_run_as_file_and_env_and_nowhere_in_the_image()
    {
        const string FileSecret = "s3cr3t-file-value-7f3a";
        const string EnvSecret = "s3cr3t-env-value-91c2";
        var secretFile = Path.Combine(store.NewContext(), "token");
        File.WriteAllText(secretFile, FileSecret);
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=secret,id=token test "$(sha256sum < /run/secrets/token | cut -d' ' -f1)" = "{Sha256(FileSecret)}" && echo file-ok > /file-ok
            RUN --mount=type=secret,id=apikey,env=API_KEY test "$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)" = "{Sha256(EnvSecret)}" && echo env-ok > /env-ok
            RUN --mount=type=secret,id=token,target=/etc/app/token,mode=0440,uid=65532 stat -c '%a %u' /etc/app/token > /stat.txt
            RUN --mount=type=secret,id=optional test ! -e /run/secrets/optional && echo skipped > /optional.txt
            """));
        var build = Build(new Dictionary<string, string> { ["HOIST_TEST_API_KEY"] = EnvSecret },
            "-t", "test/secret", "--secret", $"id=token,src={secretFile}", "--secret", "id=apikey,env=HOIST_TEST_API_KEY", context);
        Assert.True(build.ExitCode == 0, build.Stderr);

        Assert.Equal("file-ok\nenv-ok\n440 65532\nskipped\n", Run("test/secret", "cat /file-ok /env-ok /stat.txt /optional.txt"));
        Assert.Equal("gone\n", Run("test/secret", "test ! -e /run/secrets && test ! -e /etc/app && echo gone"));
        var history = store.Hoist("history", "--no-trunc", "test/secret");
        var inspect = store.Hoist("inspect", "test/secret");
        foreach (var text in new[] { history.Stdout, inspect.Stdout, build.Stderr })
        {
            Assert.DoesNotContain(FileSecret, text);
            Assert.DoesNotContain(EnvSecret, text);
        }
        // Every blob: layers (through gzip), configs, manifests.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(store.Root, "blobs"), "*", SearchOption.AllDirectories))
        {
            var content = ReadMaybeGzip(file);
            Assert.False(content.Contains(FileSecret, StringComparison.Ordinal), $"{file} holds the file secret");
            Assert.False(content.Contains(EnvSecret, StringComparison.Ordinal), $"{file} holds the env secret");
        }
    }

    [RootFact]
    public void A_missing_required_secret_fails_clearly()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=secret,id=npmrc,required=true cat /run/secrets/npmrc
            """));
        var build = store.Hoist("build", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Contains("secret npmrc: not found (required; give it with hoist build --secret id=npmrc,src=PATH)", build.Stderr); // BuildKit: "secret npmrc: not found"
        Assert.Contains("Dockerfile:2", build.Stderr);
        Assert.DoesNotContain("   at ", build.Stderr);
    }

    [RootFact]
    public void An_ssh_mount_exposes_the_agent_socket_and_sets_SSH_AUTH_SOCK()
    {
        var socketPath = Path.Combine(store.NewContext(), "agent.sock");
        using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        agent.Bind(new UnixDomainSocketEndPoint(socketPath));
        agent.Listen();
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=ssh test -S "$SSH_AUTH_SOCK" && echo "$SSH_AUTH_SOCK" > /sock.txt
            """));
        var build = store.Hoist("build", "-t", "test/ssh", "--ssh", $"default={socketPath}", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal("/run/buildkit/ssh_agent.0\n", Run("test/ssh", "cat /sock.txt"));
        Assert.Equal("gone\n", Run("test/ssh", "test ! -e /run/buildkit && echo gone"));
    }

    [RootFact]
    public void A_run_that_only_uses_mounts_writes_an_empty_layer()
    {
        var secretFile = Path.Combine(store.NewContext(), "s");
        File.WriteAllText(secretFile, "x");
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            RUN --mount=type=bind,target=/a/b/c --mount=type=cache,target=/var/cache/x --mount=type=tmpfs,target=/tmp/t/u --mount=type=secret,id=s,target=/run/s/x --mount=type=bind,source=f.txt,target=/etc/f.txt true
            """), ("f.txt", "file\n"));
        var build = store.Hoist("build", "-t", "test/mount-layer", "--secret", $"id=s,src={secretFile}", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Empty(LayerEntries("test/mount-layer", ^1));
    }

    /// <summary>The entry names of one layer of an image in the test store.</summary>
    private List<string> LayerEntries(string image, Index layer)
    {
        var content = Hoist.Content.ContentStore.Open(store.Root);
        Hoist.Snapshots.SnapshotLayers.AttachTo(content);
        var local = content.ResolveImageAsync(image).GetAwaiter().GetResult();
        using var blob = content.OpenRead(local.Manifest.Manifest.Layers[layer].Digest);
        using var gzip = Hoist.Archives.LayerCompressionCodec.OpenRead(blob);
        using var reader = new System.Formats.Tar.TarReader(gzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A file's text, through gzip when it is gzip (layer blobs), so secrets inside layers are found too.</summary>
    private static string ReadMaybeGzip(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return "";
        }
        if (bytes is [0x1f, 0x8b, ..])
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                gzip.CopyTo(output);
                bytes = output.ToArray();
            }
            catch (InvalidDataException)
            {
            }
        }
        return Encoding.Latin1.GetString(bytes);
    }
}
