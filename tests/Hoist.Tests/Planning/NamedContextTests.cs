using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Planning;
using Xunit;

namespace Hoist.Tests.Planning;

/// <summary><c>--build-context NAME=VALUE</c>: how values are read, and how planning lets a context replace the stage or
/// image of its name in FROM, <c>COPY --from</c> and <c>RUN --mount from=</c> (BuildKit's named contexts).</summary>
public sealed class NamedContextTests
{
    private static PlanOptions With(params string[] specs) => InstructionList.Options() with
    {
        NamedContexts = specs.Select(s => NamedContext.Parse(s, "/work")).ToDictionary(c => c.Name),
    };

    [Fact]
    public void A_plain_value_is_a_directory_taken_from_the_working_directory()
    {
        Assert.Equal(new NamedContext("docs", NamedContextKind.Directory, "/work/site/docs"), NamedContext.Parse("docs=site/docs", "/work"));
        Assert.Equal(new NamedContext("abs", NamedContextKind.Directory, "/srv/x"), NamedContext.Parse("abs=/srv/x/", "/work"));
    }

    [Fact]
    public void Docker_image_and_oci_layout_values_are_image_references()
    {
        Assert.Equal(new NamedContext("alpine", NamedContextKind.Image, "alpine:3.20@sha256:" + new string('a', 64)),
            NamedContext.Parse("alpine=docker-image://alpine:3.20@sha256:" + new string('a', 64), "/work"));
        Assert.Equal(new NamedContext("base", NamedContextKind.Image, "oci-layout:///work/out/layout:v1"),
            NamedContext.Parse("base=oci-layout://out/layout:v1", "/work"));
    }

    [Theory]
    [InlineData("novalue", "--build-context \"novalue\": expected NAME=VALUE")]
    [InlineData("=dir", "--build-context \"=dir\": expected NAME=VALUE")]
    [InlineData("a=docker-image://Alpine", "--build-context \"a=docker-image://Alpine\": invalid reference format: repository name \"library/Alpine\" must be lowercase")]
    [InlineData("src=git@github.com:moby/buildkit.git", "--build-context \"src=git@github.com:moby/buildkit.git\": git source git@github.com:moby/buildkit.git: git over ssh is not supported yet (use a git:// or https:// URL)")]
    [InlineData("src=git://127.0.0.1/r.git?bogus=1", "--build-context \"src=git://127.0.0.1/r.git?bogus=1\": git source git://127.0.0.1/r.git?bogus=1: unknown query parameter \"bogus\"")]
    [InlineData("src=https://127.0.0.1/r.git#-x", "--build-context \"src=https://127.0.0.1/r.git#-x\": git source https://127.0.0.1/r.git#-x: invalid ref \"-x\"")]
    [InlineData("t=https://example.com/context.tar.gz", "--build-context \"t=https://example.com/context.tar.gz\": a URL that is not a git repository (a remote tarball or file) is not supported yet; a git URL ends in .git")]
    [InlineData("t=https://example.com/repo#main", "--build-context \"t=https://example.com/repo#main\": a URL that is not a git repository (a remote tarball or file) is not supported yet; a git URL ends in .git")]
    [InlineData("t=s3://bucket/x", "--build-context \"t=s3://bucket/x\": unsupported source \"s3://bucket/x\" (supported: a directory, docker-image://, oci-layout://, a git URL)")]
    public void Bad_values_are_one_line_naming_the_value(string spec, string message)
    {
        var error = Assert.Throws<HoistException>(() => NamedContext.Parse(spec, "/work"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("src=git://127.0.0.1:9418/repo.git#v1:sub", "git://127.0.0.1:9418/repo.git#v1:sub")]
    [InlineData("src=https://127.0.0.1/repo.git?tag=v2&subdir=sub/dir", "https://127.0.0.1/repo.git?tag=v2&subdir=sub/dir")]
    [InlineData("src=http://127.0.0.1/repo.git", "http://127.0.0.1/repo.git")]
    public void A_git_url_is_a_git_context_kept_as_written(string spec, string url)
    {
        Assert.Equal(new NamedContext("src", NamedContextKind.Git, url), NamedContext.Parse(spec, "/work"));
    }

    [Fact]
    public void Oci_layout_references_take_a_tag_a_digest_or_both()
    {
        var digest = "sha256:" + new string('b', 64);
        Assert.Equal(new OciLayoutReference("/work/l", null, null), OciLayoutReference.Parse("oci-layout://l", "/work"));
        Assert.Equal(new OciLayoutReference("/srv/my:dir/l", "v2", Digest.Parse(digest)),
            OciLayoutReference.Parse($"oci-layout:///srv/my:dir/l:v2@{digest}"));
        Assert.Equal(new OciLayoutReference("/srv/l", null, Digest.Parse(digest)), OciLayoutReference.Parse($"oci-layout:///srv/l@{digest}"));
        Assert.Equal($"oci-layout:///srv/l:v2@{digest}", OciLayoutReference.Parse($"oci-layout:///srv/l:v2@{digest}").ToString());
        Assert.Equal("invalid OCI layout reference \"oci-layout:///l@sha256:zz\": invalid digest \"sha256:zz\"",
            Assert.Throws<HoistException>(() => OciLayoutReference.Parse("oci-layout:///l@sha256:zz")).Message);
    }

    [Fact]
    public void An_image_context_replaces_a_from_image_found_by_its_familiar_name()
    {
        var plan = new InstructionList().From("docker.io/library/alpine:latest").Run("true")
            .Plan(With("alpine=docker-image://busybox:1.36"));

        Assert.Equal(StageBaseKind.Image, plan.Target.BaseKind);
        Assert.Equal("busybox:1.36", plan.Target.BaseName);
    }

    [Fact]
    public void A_context_named_as_a_stage_replaces_that_stage()
    {
        var plan = new InstructionList()
            .From("golang:1.22", "deps").Run("go mod download")
            .From("alpine:3.20", "app").Copy("/go/pkg", "/pkg", "deps")
            .Plan(With("deps=oci-layout:///cache/deps:v1"));

        Assert.Equal(["app"], [.. plan.BuildOrder.Select(s => s.DisplayName)]);
        Assert.Empty(plan.Target.Dependencies);
        Assert.Equal([new ExternalImageReference("oci-layout:///cache/deps:v1", DependencyReason.CopyFrom, 4)], plan.Target.ExternalImages);
    }

    [Fact]
    public void A_directory_context_is_no_stage_and_no_image()
    {
        var plan = new InstructionList()
            .From("alpine:3.20")
            .Copy("/index.html", "/srv/", "docs")
            .Run("ls /mnt", InstructionList.Mount(MountType.Bind, from: "docs", target: "/mnt"))
            .Plan(With("docs=site"));

        Assert.Empty(plan.Target.Dependencies);
        Assert.Empty(plan.Target.ExternalImages);
    }

    [Fact]
    public void A_git_context_is_no_stage_and_no_image()
    {
        var plan = new InstructionList().From("alpine:3.20").Copy("/", "/src/", "src").Plan(With("src=git://127.0.0.1/repo.git"));

        Assert.Empty(plan.Target.Dependencies);
        Assert.Empty(plan.Target.ExternalImages);
    }

    [Theory]
    [InlineData("docs=site", NamedContextKind.Directory, "/work/site")]
    [InlineData("docs=git://127.0.0.1/repo.git#v1", NamedContextKind.Git, "git://127.0.0.1/repo.git#v1")]
    public void From_a_directory_or_git_context_starts_a_stage_of_its_files_without_any_image(string spec, NamedContextKind kind, string value)
    {
        var plan = new InstructionList().From("docs", "site").Run("ls").From("alpine:3.20").Copy("/index.html", "/srv/", "site")
            .Plan(With(spec));

        var site = plan.BuildOrder[0];
        Assert.Equal(StageBaseKind.Context, site.BaseKind);
        Assert.Equal("docs", site.BaseName);
        Assert.Equal(new NamedContext("docs", kind, value), site.BaseContext);
        Assert.Null(site.BaseStageIndex);
        Assert.Empty(site.ExternalImages);
        Assert.Equal([0], [.. plan.Target.Dependencies.Select(d => d.StageIndex)]);
    }

    [Fact]
    public void A_context_is_found_by_the_familiar_name_of_the_from_reference()
    {
        var plan = new InstructionList().From("docker.io/library/docs:latest").Plan(With("docs=site"));

        Assert.Equal(StageBaseKind.Context, plan.Target.BaseKind);
        Assert.Equal("docker.io/library/docs:latest", plan.Target.BaseName);
    }
}
