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
    [InlineData("src=https://github.com/moby/buildkit.git#v0.25.0", "--build-context \"src=https://github.com/moby/buildkit.git#v0.25.0\": git sources are not supported yet")]
    [InlineData("src=git@github.com:moby/buildkit.git", "--build-context \"src=git@github.com:moby/buildkit.git\": git sources are not supported yet")]
    [InlineData("t=https://example.com/context.tar.gz", "--build-context \"t=https://example.com/context.tar.gz\": unsupported source \"https://example.com/context.tar.gz\" (supported: a directory, docker-image://, oci-layout://)")]
    public void Bad_values_are_one_line_naming_the_value(string spec, string message)
    {
        var error = Assert.Throws<HoistException>(() => NamedContext.Parse(spec, "/work"));

        Assert.Equal(message, error.Message);
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
    public void From_a_directory_context_is_not_supported_yet()
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList().From("docs").Plan(With("docs=site")));

        Assert.Equal("Dockerfile:1: FROM docs: a local directory build context as a base is not supported yet", error.Message);
    }
}
