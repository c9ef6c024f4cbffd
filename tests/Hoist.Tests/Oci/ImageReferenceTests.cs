using Hoist.Oci;

namespace Hoist.Tests.Oci;

public sealed class ImageReferenceTests
{
    private const string Sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("docker.io/library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("user/app:v1", "docker.io/user/app:v1", "user/app:v1")]
    [InlineData("ghcr.io/org/app", "ghcr.io/org/app:latest", "ghcr.io/org/app:latest")]
    [InlineData("localhost:5000/app:dev", "localhost:5000/app:dev", "localhost:5000/app:dev")]
    [InlineData("localhost/app", "localhost/app:latest", "localhost/app:latest")]
    [InlineData("myapp", "docker.io/library/myapp:latest", "myapp:latest")]
    [InlineData("a/b/c", "docker.io/a/b/c:latest", "a/b/c:latest")]
    public void Normalises_like_docker(string input, string full, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(full, reference.ToString());
        Assert.Equal(familiar, reference.Familiar);
    }

    [Fact]
    public void Digest_reference_has_no_default_tag()
    {
        var digest = "sha256:" + new string('a', 64);

        var reference = ImageReference.Parse("busybox@" + digest);

        Assert.Null(reference.Tag);
        Assert.Equal(Digest.Parse(digest), reference.Digest);
        Assert.Equal("docker.io/library/busybox@" + digest, reference.ToString());
        Assert.Equal("busybox", reference.FamiliarRepository);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-bad")]
    [InlineData("bad name")]
    [InlineData("app@sha256:123")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("a//b")]
    public void Rejects_invalid_references(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out var error));
        Assert.NotEmpty(error);
        Assert.Throws<HoistException>(() => ImageReference.Parse(input));
    }


    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null, "docker.io/library/busybox:latest")]
    [InlineData("library/busybox:1.36", "docker.io", "library/busybox", "1.36", null, "docker.io/library/busybox:1.36")]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", "latest", null, "docker.io/library/busybox:latest")]
    [InlineData("index.docker.io/user/app:v1", "docker.io", "user/app", "v1", null, "docker.io/user/app:v1")]
    [InlineData("user/app", "docker.io", "user/app", "latest", null, "docker.io/user/app:latest")]
    [InlineData("ghcr.io/org/team/app:1.0-rc.1", "ghcr.io", "org/team/app", "1.0-rc.1", null, "ghcr.io/org/team/app:1.0-rc.1")]
    [InlineData("localhost:5000/app", "localhost:5000", "app", "latest", null, "localhost:5000/app:latest")]
    [InlineData("localhost/app:x", "localhost", "app", "x", null, "localhost/app:x")]
    [InlineData("127.0.0.1:41234/a/b:t", "127.0.0.1:41234", "a/b", "t", null, "127.0.0.1:41234/a/b:t")]
    [InlineData("[::1]:5000/app:t", "[::1]:5000", "app", "t", null, "[::1]:5000/app:t")]
    [InlineData("Registry.Example/app", "Registry.Example", "app", "latest", null, "Registry.Example/app:latest")]
    [InlineData("user/my_app.v2__x--y", "docker.io", "user/my_app.v2__x--y", "latest", null, "docker.io/user/my_app.v2__x--y:latest")]
    [InlineData("my.host/app", "my.host", "app", "latest", null, "my.host/app:latest")]
    [InlineData("busybox@" + Sha, "docker.io", "library/busybox", null, Sha, "docker.io/library/busybox@" + Sha)]
    [InlineData("busybox:1.36@" + Sha, "docker.io", "library/busybox", "1.36", Sha, "docker.io/library/busybox:1.36@" + Sha)]
    [InlineData("host:5000/app@" + Sha, "host:5000", "app", null, Sha, "host:5000/app@" + Sha)]
    public void Valid_references_normalise_like_docker(string text, string registry, string repository, string? tag, string? digest,
        string full)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(full, reference.ToString());
        Assert.Equal(full, ImageReference.Parse(full).ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Busybox", "must be lowercase")]
    [InlineData("docker.io/Library/busybox", "must be lowercase")]
    [InlineData("busybox:", "invalid tag")]
    [InlineData("busybox:-bad", "invalid tag")]
    [InlineData("busybox:a/b", "invalid")]
    [InlineData("busybox@sha256:abc", "invalid digest")]
    [InlineData("busybox@md5:0123456789abcdef0123456789abcdef", "invalid digest")]
    [InlineData("busybox@", "invalid digest")]
    [InlineData(":tag", "missing repository")]
    [InlineData("a//b", "empty path component")]
    [InlineData("a/b/", "empty path component")]
    [InlineData("-app", "invalid repository path component")]
    [InlineData("app-", "invalid repository path component")]
    [InlineData("a..b", "invalid repository path component")]
    [InlineData("host_name:5000/app", "invalid registry host")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "hexadecimal")]
    public void Malformed_references_are_user_errors_that_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<HoistException>(() => ImageReference.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_tag_longer_than_128_characters_is_rejected()
    {
        Assert.Throws<HoistException>(() => ImageReference.Parse("app:" + new string('a', 129)));
        Assert.Equal(128, ImageReference.Parse("app:" + new string('a', 128)).Tag!.Length);
    }

    [Theory]
    [InlineData("busybox", "registry-1.docker.io")]
    [InlineData("ghcr.io/a/b", "ghcr.io")]
    [InlineData("localhost:5000/a", "localhost:5000")]
    public void Docker_hub_is_reached_through_its_api_host(string text, string apiHost)
    {
        Assert.Equal(apiHost, ImageReference.Parse(text).ApiHost);
    }

    [Theory]
    [InlineData("localhost/a", true)]
    [InlineData("localhost:5000/a", true)]
    [InlineData("127.0.0.1:5000/a", true)]
    [InlineData("127.1.2.3/a", true)]
    [InlineData("[::1]:5000/a", true)]
    [InlineData("docker.io/a", false)]
    [InlineData("10.0.0.1:5000/a", false)]
    [InlineData("localhost.example.com/a", false)]
    public void Loopback_registries_are_recognised(string text, bool loopback)
    {
        Assert.Equal(loopback, ImageReference.Parse(text).IsLoopbackRegistry);
    }

    [Fact]
    public void The_digest_wins_over_the_tag_when_addressing_a_manifest()
    {
        Assert.Equal(Sha, ImageReference.Parse("busybox:1.36@" + Sha).ManifestReference);
        Assert.Equal("1.36", ImageReference.Parse("busybox:1.36").ManifestReference);
    }

    [Theory]
    [InlineData("ghcr.io/org/app:1", "ghcr.io/org/app:2")]
    [InlineData("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "docker.io/library/busybox:2")]
    public void With_tag_replaces_tag_and_drops_digest(string text, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(text).WithTag("2").ToString());
        Assert.Throws<HoistException>(() => ImageReference.Parse(text).WithTag("-bad"));
    }

    [Fact]
    public void With_repository_keeps_the_registry()
    {
        var moved = ImageReference.Parse("127.0.0.1:5000/a/b:t").WithRepository("c/d");

        Assert.Equal("127.0.0.1:5000/c/d:t", moved.ToString());
        Assert.Equal("127.0.0.1:5000/c/d", moved.Name);
        Assert.Throws<HoistException>(() => moved.WithRepository("Bad"));
    }
}
