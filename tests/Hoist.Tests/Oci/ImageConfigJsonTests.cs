using System.Text;
using Hoist.Oci;

namespace Hoist.Tests.Oci;

public sealed class ImageConfigJsonTests
{
    private const string DiffId = "sha256:9547b4c33213e630a0ca602a989ecc094e042146ae8afa502e1e65af6473db03";
    private const string DiffId2 = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    // What the classic Docker engine writes into `docker save` (config of a busybox-derived image): Docker-only fields
    // (container_config, docker_version, Hostname, …), nulls, nanosecond timestamps, and a CMD history entry with
    // empty_layer.
    private const string DockerSaveConfig =
        "{\"architecture\":\"amd64\",\"config\":{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"app\",\"AttachStdin\":false," +
        "\"AttachStdout\":false,\"AttachStderr\":false,\"ExposedPorts\":{\"8080/tcp\":{},\"53/udp\":{}},\"Tty\":false," +
        "\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"APP_ENV=prod\"]," +
        "\"Cmd\":[\"sh\"],\"Image\":\"sha256:4b4c5a1e4c6e1ea4d1bd1fa1b4a39f8e1c1f1d6fd4b4e8f1f87b0fb1c3b8f3a1\",\"Volumes\":{\"/data\":{}}," +
        "\"WorkingDir\":\"/srv\",\"Entrypoint\":null,\"OnBuild\":null,\"Labels\":{\"maintainer\":\"me\",\"org.opencontainers.image.title\":\"demo\"}}," +
        "\"container\":\"0f3c5e1c0e8d\",\"container_config\":{\"Hostname\":\"0f3c5e1c0e8d\",\"Cmd\":[\"/bin/sh\",\"-c\",\"#(nop) \",\"CMD [\\\"sh\\\"]\"]}," +
        "\"created\":\"2023-05-19T20:19:24.060993347Z\",\"docker_version\":\"20.10.23\"," +
        "\"history\":[{\"created\":\"2023-05-19T20:19:23.882149376Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:a2dc4f3b in / \"}," +
        "{\"created\":\"2023-05-19T20:19:24.060993347Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\",\"empty_layer\":true}]," +
        "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DiffId + "\"]}}";

    // What BuildKit writes: only set fields, Docker extensions (Healthcheck, OnBuild, Shell), a variant.
    private const string BuildKitConfig = """
        {"architecture":"arm64","config":{"Env":["PATH=/bin"],"Entrypoint":["/app"],"Cmd":["--serve"],"WorkingDir":"/","StopSignal":"SIGTERM","ArgsEscaped":true,"Healthcheck":{"Test":["CMD-SHELL","curl -f localhost"],"Interval":30000000000,"Timeout":5000000000,"Retries":3},"OnBuild":["RUN echo child"],"Shell":["/bin/bash","-c"]},"created":"2024-01-02T03:04:05Z","history":[{"created":"2024-01-02T03:04:05Z","created_by":"COPY app /app # buildkit","comment":"buildkit.dockerfile.v0"}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]},"variant":"v8"}
        """;

    [Fact]
    public void Parses_a_docker_save_config_with_Docker_field_names()
    {
        var config = ImageConfig.Parse(Encoding.UTF8.GetBytes(DockerSaveConfig));

        Assert.Equal("amd64", config.Architecture);
        Assert.Equal("linux", config.Os);
        Assert.Null(config.Variant);
        Assert.Equal(new DateTimeOffset(2023, 5, 19, 20, 19, 24, TimeSpan.Zero).AddTicks(609933), config.Created);
        var run = config.Config!;
        Assert.Equal("app", run.User);
        Assert.Equal(["8080/tcp", "53/udp"], run.ExposedPorts!);
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_ENV=prod"], run.Env!);
        Assert.Equal(["sh"], run.Cmd!);
        Assert.Null(run.Entrypoint);
        Assert.Null(run.OnBuild);
        Assert.Equal(["/data"], run.Volumes!);
        Assert.Equal("/srv", run.WorkingDir);
        Assert.Equal("demo", run.Labels!["org.opencontainers.image.title"]);
        Assert.Equal("layers", config.RootFs.Type);
        Assert.Equal([Digest.Parse(DiffId)], config.RootFs.DiffIds);
        Assert.Equal(2, config.History!.Count);
        Assert.False(config.History[0].EmptyLayer);
        Assert.Equal("/bin/sh -c #(nop) ADD file:a2dc4f3b in / ", config.History[0].CreatedBy);
        Assert.True(config.History[1].EmptyLayer);
        Assert.Null(config.History[1].Comment);
    }

    [Fact]
    public void Parses_a_BuildKit_config_with_Docker_extensions()
    {
        var config = ImageConfig.Parse(Encoding.UTF8.GetBytes(BuildKitConfig));

        Assert.Equal("v8", config.Variant);
        Assert.Equal("linux/arm64/v8", config.Platform.ToString());
        var run = config.Config!;
        Assert.Equal(["/app"], run.Entrypoint!);
        Assert.True(run.ArgsEscaped);
        Assert.Equal("SIGTERM", run.StopSignal);
        Assert.Equal(["CMD-SHELL", "curl -f localhost"], run.Healthcheck!.Test!);
        Assert.Equal(30_000_000_000, run.Healthcheck.Interval);
        Assert.Equal(5_000_000_000, run.Healthcheck.Timeout);
        Assert.Equal(0, run.Healthcheck.StartPeriod);
        Assert.Equal(3, run.Healthcheck.Retries);
        Assert.Equal(["RUN echo child"], run.OnBuild!);
        Assert.Equal(["/bin/bash", "-c"], run.Shell!);
        Assert.Equal("buildkit.dockerfile.v0", config.History![0].Comment);
    }

    [Fact]
    public void Stored_config_keeps_the_received_bytes_and_hashes_them()
    {
        var bytes = Encoding.UTF8.GetBytes(DockerSaveConfig);

        var stored = StoredConfig.FromBytes(bytes);

        Assert.Equal(DockerSaveConfig, Encoding.UTF8.GetString(stored.Bytes));
        Assert.Equal(Digest.Sha256(bytes), stored.Digest);
        // Re-serialising would drop Docker-only fields and change the digest: that is why bytes are kept.
        Assert.NotEqual(stored.Digest, Digest.Sha256(stored.Config.ToJsonBytes()));
    }

    [Fact]
    public void BuildKit_style_config_round_trips_to_identical_bytes()
    {
        var config = ImageConfig.Parse(Encoding.UTF8.GetBytes(BuildKitConfig));

        Assert.Equal(BuildKitConfig, Encoding.UTF8.GetString(config.ToJsonBytes()));
    }

    [Fact]
    public void Writes_Docker_field_names_omitting_what_is_unset_with_sorted_maps()
    {
        var config = new ImageConfig
        {
            Architecture = "amd64",
            Os = "linux",
            Created = new DateTimeOffset(2024, 2, 3, 4, 5, 6, 500, TimeSpan.Zero),
            Config = new ContainerConfig
            {
                ExposedPorts = ["443/tcp", "80/tcp", "443/tcp"],
                Env = ["A=1"],
                Labels = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first+<x>" },
                Volumes = ["/var/lib/data"],
            },
            RootFs = new RootFs { DiffIds = [Digest.Parse(DiffId), Digest.Parse(DiffId2)] },
            History = [new HistoryEntry { CreatedBy = "ENV A=1", EmptyLayer = true }],
        };

        var json = Encoding.UTF8.GetString(config.ToJsonBytes());

        Assert.Equal(
            "{\"architecture\":\"amd64\",\"config\":{\"ExposedPorts\":{\"443/tcp\":{},\"80/tcp\":{}},\"Env\":[\"A=1\"]," +
            "\"Volumes\":{\"/var/lib/data\":{}},\"Labels\":{\"a\":\"first+<x>\",\"z\":\"last\"}}," +
            "\"created\":\"2024-02-03T04:05:06.5Z\",\"history\":[{\"created_by\":\"ENV A=1\",\"empty_layer\":true}]," +
            "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DiffId + "\",\"" + DiffId2 + "\"]}}",
            json);
    }

    [Theory]
    [InlineData("2023-05-19T20:19:24.060993347Z", "2023-05-19T20:19:24.0609933Z")]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.100Z", "2024-01-02T03:04:05.1Z")]
    [InlineData("2024-01-02T05:04:05+02:00", "2024-01-02T05:04:05+02:00")]
    public void Timestamps_are_read_from_Go_and_written_as_Go_does(string input, string written)
    {
        var parsed = TimestampJsonConverter.Parse(input);

        Assert.NotNull(parsed);
        Assert.Equal(written, TimestampJsonConverter.Format(parsed.Value));
    }

    [Fact]
    public void Missing_required_fields_are_a_user_error()
    {
        var error = Assert.Throws<HoistException>(() => ImageConfig.Parse("{\"os\":\"linux\"}"u8));

        Assert.StartsWith("invalid image config:", error.Message);
    }

    [Fact]
    public void Malformed_digest_in_diff_ids_is_a_user_error()
    {
        Assert.Throws<HoistException>(() =>
            ImageConfig.Parse("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:xyz\"]}}"u8));
    }
}
