using Hoist.Planning;

namespace Hoist.Tests.Planning;

/// <summary>Which epoch a build takes when several are on offer: build arg, then the Dockerfile's global ARG
/// default, then the context's git HEAD commit time; an explicitly empty value means none.</summary>
public sealed class SourceDateEpochOriginTests
{
    private static BuildPlan Plan(string dockerfile, long? contextEpoch, params string[] buildArgs) =>
        DockerfileFrontend.Plan(dockerfile, "Dockerfile", new PlanOptions
        {
            BuildArgs = buildArgs, ContextSourceDateEpoch = contextEpoch, EnvironmentLookup = _ => null,
        });

    [Fact]
    public void The_git_commit_time_is_the_epoch_when_nothing_else_gives_one()
    {
        var plan = Plan("FROM scratch\n", 1_650_000_000);

        Assert.Equal(1_650_000_000, plan.SourceDateEpoch);
        Assert.Equal(SourceDateEpochOrigin.GitCommit, plan.SourceDateEpochOrigin);
    }

    [Fact]
    public void A_build_arg_wins_over_the_git_commit_time()
    {
        var plan = Plan("FROM scratch\n", 1_650_000_000, "SOURCE_DATE_EPOCH=5");

        Assert.Equal(5, plan.SourceDateEpoch);
        Assert.Equal(SourceDateEpochOrigin.BuildArg, plan.SourceDateEpochOrigin);
    }

    [Fact]
    public void A_global_arg_default_wins_over_the_git_commit_time()
    {
        var plan = Plan("ARG SOURCE_DATE_EPOCH=7\nFROM scratch\n", 1_650_000_000);

        Assert.Equal(7, plan.SourceDateEpoch);
        Assert.Equal(SourceDateEpochOrigin.DockerfileDefault, plan.SourceDateEpochOrigin);
    }

    [Fact]
    public void An_empty_build_arg_means_no_epoch_even_in_a_checkout()
    {
        var plan = Plan("ARG SOURCE_DATE_EPOCH=7\nFROM scratch\n", 1_650_000_000, "SOURCE_DATE_EPOCH=");

        Assert.Null(plan.SourceDateEpoch);
        Assert.Equal(SourceDateEpochOrigin.None, plan.SourceDateEpochOrigin);
    }

    [Fact]
    public void Without_any_source_there_is_no_epoch()
    {
        var plan = Plan("FROM scratch\n", null);

        Assert.Null(plan.SourceDateEpoch);
        Assert.Equal(SourceDateEpochOrigin.None, plan.SourceDateEpochOrigin);
    }
}
