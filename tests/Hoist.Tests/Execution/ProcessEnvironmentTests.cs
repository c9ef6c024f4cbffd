using Hoist.Execution;

namespace Hoist.Tests.Execution;

public sealed class ProcessEnvironmentTests
{
    [Fact]
    public void Path_defaults_to_buildkits_when_unset()
    {
        var env = ProcessEnvironment.Build(["A=1"], "/root");

        Assert.Equal(["A=1", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"], env);
    }

    [Fact]
    public void A_given_path_and_home_are_kept()
    {
        var env = ProcessEnvironment.Build(["PATH=/opt/bin", "HOME=/work"], "/root");

        Assert.Equal(["PATH=/opt/bin", "HOME=/work"], env);
    }

    [Fact]
    public void A_later_value_replaces_an_earlier_one_in_place()
    {
        var env = ProcessEnvironment.Build(["A=image", "B=x", "A=build-arg", "EMPTY="], "/");

        Assert.Equal(["A=build-arg", "B=x", "EMPTY=", $"PATH={ProcessEnvironment.DefaultPath}", "HOME=/"], env);
    }
}
