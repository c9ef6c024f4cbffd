using Hoist.Oci;

namespace Hoist.Tests.Oci;

public sealed class ImageReferenceTests
{
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
}
