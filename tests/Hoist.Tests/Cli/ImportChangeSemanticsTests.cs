using Hoist.Cli;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist import -c</c> applies config instructions with the very code a Dockerfile build uses.</summary>
public sealed class ImportChangeSemanticsTests
{
    [Fact]
    public void Expose_ranges_expand_as_in_a_dockerfile() =>
        Assert.Equal(["8080/tcp", "8081/tcp"], ImportChanges.Apply(["EXPOSE 8080-8081"])!.ExposedPorts);

    [Fact]
    public void Workdir_paths_are_cleaned_as_in_a_dockerfile() =>
        Assert.Equal("/b/c", ImportChanges.Apply(["WORKDIR /a/../b/", "WORKDIR ./c"])!.WorkingDir);

    [Fact]
    public void An_invalid_port_names_the_change() =>
        Assert.Equal("--change \"EXPOSE http\": invalid containerPort: http",
            Assert.Throws<HoistException>(() => ImportChanges.Apply(["EXPOSE http"])).Message);
}
