using System.Text.Json;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist build --build-context NAME=VALUE</c> through the real binary, one test per form: a directory read by
/// <c>COPY --from</c> and <c>RUN --mount from=</c>, <c>docker-image://</c> replacing a FROM name, <c>oci-layout://</c>
/// of a layout directory and of a tar (by tag and by digest). Git contexts: <see cref="GitContextTests"/>.
/// </summary>
public sealed class NamedContextTests(BuildStore store) : IClassFixture<BuildStore>
{
    private const string Busybox = FixtureImages.Busybox;

    private string Built(params string[] args)
    {
        var build = store.Hoist(["build", "--progress", "plain", .. args]);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return build.Stderr;
    }

    private string RunImage(string image, string script)
    {
        var run = store.Hoist("run", image, "sh", "-c", script);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return run.Stdout;
    }

    [RootFact]
    public void A_directory_context_is_read_by_copy_from_and_by_a_bind_mount_and_keyed_by_its_content()
    {
        var docs = store.NewContext(("index.html", "v1\n"));
        var context = store.NewContext(("Dockerfile", $"""
            FROM {Busybox}
            COPY --from=docs index.html /srv/
            RUN --mount=type=bind,from=docs,target=/m cat /m/index.html > /srv/mounted
            """));

        Built("--build-context", "docs=" + docs, "-t", "test/named:dir", context);
        Assert.Equal("v1\nv1\n", RunImage("test/named:dir", "cat /srv/index.html /srv/mounted"));

        File.WriteAllText(Path.Combine(docs, "index.html"), "v2\n");
        var again = Built("--build-context", "docs=" + docs, "-t", "test/named:dir", context);
        Assert.DoesNotContain("CACHED", again);
        Assert.Equal("v2\nv2\n", RunImage("test/named:dir", "cat /srv/index.html /srv/mounted"));
    }

    [RootFact]
    public void A_docker_image_context_replaces_the_image_a_from_names()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM example.invalid/base:1
            RUN echo on-busybox > /result
            """));

        Built("--build-context", "example.invalid/base:1=docker-image://" + Busybox, "-t", "test/named:image", context);

        Assert.Equal("on-busybox\n", RunImage("test/named:image", "cat /result"));
    }

    [RootFact]
    public void An_oci_layout_directory_or_tar_is_an_image_source_by_tag_or_digest()
    {
        var work = store.NewContext(("Dockerfile", $"FROM {Busybox}\nRUN echo from-layout > /marker\n"));
        Built("-t", "test/named:layout-source", work);
        var tar = Path.Combine(work, "layout.tar");
        var save = store.Hoist("save", "--format", "oci", "-o", tar, "test/named:layout-source");
        Assert.True(save.ExitCode == 0, save.Stderr);
        var layout = Path.Combine(work, "layout");
        Directory.CreateDirectory(layout);
        BusyboxRootfs.Run("tar", "-xf", tar, "-C", layout);
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var entry = index.RootElement.GetProperty("manifests")[0];
        var digest = entry.GetProperty("digest").GetString();
        var context = store.NewContext(("Dockerfile", """
            FROM base
            RUN cat /marker > /copied
            COPY --from=base /marker /again
            """));

        Built("--build-context", $"base=oci-layout://{layout}@{digest}", "-t", "test/named:by-digest", context);
        Built("--build-context", $"base=oci-layout://{tar}", "-t", "test/named:from-tar", context);

        Assert.Equal("from-layout\nfrom-layout\n", RunImage("test/named:by-digest", "cat /copied /again"));
        Assert.Equal("from-layout\nfrom-layout\n", RunImage("test/named:from-tar", "cat /copied /again"));
        var wrongTag = store.Hoist("build", "--build-context", $"base=oci-layout://{layout}:nope", context);
        Assert.Equal(1, wrongTag.ExitCode);
        Assert.Contains($"oci-layout://{layout}:nope: no such image in the layout", wrongTag.Stderr);
    }
}
