using Hoist.Planning;

namespace Hoist.Tests.Planning;

public sealed class PlanOptionsTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["FROM_ENV"] = "env-value", ["EMPTY"] = "" };

    private static IReadOnlyDictionary<string, string> Resolve(params string[] specs) =>
        new PlanOptions { BuildArgs = specs, EnvironmentLookup = n => Environment.GetValueOrDefault(n) }.ResolveBuildArgs();

    [Fact]
    public void Name_equals_value_sets_the_value_and_splits_at_the_first_equals_sign()
    {
        var args = Resolve("A=1", "B=x=y", "C=");

        Assert.Equal("1", args["A"]);
        Assert.Equal("x=y", args["B"]);
        Assert.Equal("", args["C"]);
    }

    [Fact]
    public void A_name_alone_takes_the_environment_value_or_stays_unset()
    {
        var args = Resolve("FROM_ENV", "EMPTY", "MISSING");

        Assert.Equal("env-value", args["FROM_ENV"]);
        Assert.Equal("", args["EMPTY"]);
        Assert.False(args.ContainsKey("MISSING"));
    }

    [Fact]
    public void The_last_build_arg_for_a_name_wins()
    {
        Assert.Equal("2", Resolve("A=1", "A=2")["A"]);
        Assert.False(Resolve("MISSING=1", "MISSING").ContainsKey("MISSING"));
    }

    [Fact]
    public void A_build_arg_without_a_name_is_rejected()
    {
        var error = Assert.Throws<HoistException>(() => Resolve("=value"));

        Assert.Contains("=value", error.Message);
    }
}
