using Hoist.Dockerfile;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Planning;

/// <summary>Global ARGs, stage ARGs, build args and predefined args, as BuildKit resolves them.</summary>
public sealed class ArgScopingTests
{
    private static string? Variable(PlannedStage stage, string name) =>
        stage.FinalScope!.Variables.TryGetValue(name, out var value) ? value : null;

    [Fact]
    public void Global_ARGs_expand_in_FROM()
    {
        var plan = new InstructionList().Arg("VERSION=3.20").From("alpine:${VERSION}").Plan();

        Assert.Equal("alpine:3.20", plan.Target.BaseName);
        Assert.Equal([new ResolvedArg("VERSION", "3.20", "3.20", ArgValueSource.Default, 1)], plan.GlobalArgs);
    }

    [Fact]
    public void A_build_arg_overrides_a_global_default()
    {
        var plan = new InstructionList().Arg("VERSION=3.20").From("alpine:$VERSION").Plan(null, "VERSION=edge");

        Assert.Equal("alpine:edge", plan.Target.BaseName);
        Assert.Equal(ArgValueSource.BuildArg, plan.GlobalArgs[0].Source);
    }

    /// <summary>BuildKit's testGlobalArgErrors and testArgDefaultExpansion: a default a build arg overrides is never evaluated.</summary>
    [Fact]
    public void A_required_default_fails_unless_a_build_arg_overrides_it()
    {
        var global = new InstructionList().Arg("FOO=${FOO:?\"custom error\"}").From("busybox");
        var stage = new InstructionList().From("scratch").Arg("FOO").Arg("BAR=${FOO:?\"foo missing\"}");

        Assert.EndsWith("FOO: custom error", Assert.Throws<DockerfileException>(() => global.Plan()).Message);
        Assert.EndsWith("FOO: foo missing", Assert.Throws<DockerfileException>(() => stage.Plan()).Message);
        Assert.Equal("bar", global.Plan(null, "FOO=bar").GlobalArgs[0].Value);
        Assert.Equal("123", Variable(stage.Plan(null, "FOO=123").Target, "BAR"));
        Assert.Equal("123", Variable(stage.Plan(null, "BAR=123").Target, "BAR"));
    }

    [Fact]
    public void Global_defaults_see_earlier_global_ARGs()
    {
        var plan = new InstructionList().Arg("REPO=library").Arg("IMAGE=$REPO/alpine").From("$IMAGE").Plan();

        Assert.Equal("library/alpine", plan.Target.BaseName);
    }

    [Fact]
    public void Global_ARGs_are_invisible_inside_a_stage_until_redeclared()
    {
        var plan = new InstructionList()
            .Arg("VERSION=1.0")     // 1
            .From("alpine")         // 2
            .Run("echo $VERSION")   // 3
            .Plan();

        Assert.Null(Variable(plan.Target, "VERSION"));
    }

    [Fact]
    public void Redeclaring_a_global_ARG_without_default_takes_the_global_value()
    {
        var plan = new InstructionList().Arg("VERSION=1.0").From("alpine").Arg("VERSION").Plan();

        Assert.Equal("1.0", Variable(plan.Target, "VERSION"));
        Assert.Equal([new ResolvedArg("VERSION", null, "1.0", ArgValueSource.Global, 3)], plan.Target.Args);
    }

    [Fact]
    public void Redeclaring_a_global_ARG_takes_the_build_arg_over_the_global_default()
    {
        var plan = new InstructionList().Arg("VERSION=1.0").From("alpine").Arg("VERSION").Plan(null, "VERSION=2.0");

        Assert.Equal("2.0", Variable(plan.Target, "VERSION"));
    }

    [Fact]
    public void Stage_ARG_uses_the_build_arg_else_its_default_else_stays_unset()
    {
        var plan = new InstructionList().From("alpine").Arg("A=da", "B=db", "C").Plan(null, "A=given");

        Assert.Equal(
            [
                new ResolvedArg("A", "da", "given", ArgValueSource.BuildArg, 2),
                new ResolvedArg("B", "db", "db", ArgValueSource.Default, 2),
                new ResolvedArg("C", null, null, ArgValueSource.Unset, 2),
            ],
            plan.Target.Args);
        Assert.False(plan.Target.FinalScope!.Variables.ContainsKey("C"));
    }

    [Fact]
    public void An_empty_build_arg_or_default_is_set_to_the_empty_string()
    {
        // BuildKit's testEmptyStringArgInEnv: `ARG BAR=` puts BAR= in the environment, `ARG FOO` does not.
        var plan = new InstructionList().From("alpine").Arg("FOO").Arg("BAR=").Arg("BAZ").Plan(null, "BAZ=");

        Assert.Equal("", Variable(plan.Target, "BAR"));
        Assert.Equal("", Variable(plan.Target, "BAZ"));
        Assert.Null(Variable(plan.Target, "FOO"));
    }

    [Fact]
    public void Multiple_ARGs_on_a_line_see_the_ones_before_them()
    {
        // BuildKit's testMultiArgs.
        var plan = new InstructionList()
            .Arg("a1=foo bar", "a2=box")
            .Arg("a3=$a2-foo")
            .From("busy$a2", "build")
            .Arg("a3", "a4=123 456", "a1")
            .Plan();

        Assert.Equal("busybox", plan.Target.BaseName);
        Assert.Equal("foo bar", Variable(plan.Target, "a1"));
        Assert.Equal("box-foo", Variable(plan.Target, "a3"));
        Assert.Equal("123 456", Variable(plan.Target, "a4"));
    }

    [Fact]
    public void Stage_ARG_defaults_expand_with_the_stage_scope()
    {
        var plan = new InstructionList().From("alpine").Env("BASE=/opt").Arg("DIR=$BASE/app").Plan();

        Assert.Equal("/opt/app", Variable(plan.Target, "DIR"));
    }

    [Fact]
    public void The_later_of_an_ENV_and_an_ARG_of_the_same_name_wins_as_in_BuildKit()
    {
        static string? After(string? buildArg, params string[] steps)
        {
            var list = new InstructionList().From("alpine");
            foreach (var step in steps) list = step.StartsWith("ENV ", StringComparison.Ordinal) ? list.Env(step[4..]) : list.Arg(step[4..]);
            return Variable(list.Plan(null, buildArg is null ? [] : [buildArg]).Target, "V");
        }

        Assert.Equal("env", After("V=build-arg", "ARG V=arg", "ENV V=env")); // ENV overrides an ARG before it
        Assert.Equal("build-arg", After("V=build-arg", "ARG V=arg", "ENV V=env", "ARG V=again"));
        Assert.Equal("again", After(null, "ENV V=env", "ARG V=again"));
        Assert.Equal("build-arg", After("V=build-arg", "ENV V=env", "ARG V"));
        Assert.Equal("env", After(null, "ENV V=env", "ARG V")); // an ARG without a value leaves the ENV's
    }

    [Fact]
    public void A_stage_built_on_another_stage_inherits_its_ARG_and_ENV_values()
    {
        var plan = new InstructionList()
            .From("alpine", "base")
            .Arg("MODE=release")
            .Env("PATH=/opt/bin")
            .From("base", "app")
            .Plan();

        Assert.Equal("release", Variable(plan.Target, "MODE"));
        Assert.Equal("/opt/bin", Variable(plan.Target, "PATH"));
        Assert.Empty(plan.Target.Args);
    }

    [Fact]
    public void Stages_based_on_images_start_with_a_fresh_scope()
    {
        var plan = new InstructionList().From("alpine", "a").Env("X=1").From("alpine", "b").Copy("/x", "/x", "a").Plan();

        Assert.Null(Variable(plan.Target, "X"));
    }

    [Fact]
    public void Platform_args_are_predefined_for_FROM()
    {
        var options = InstructionList.Options() with { TargetPlatform = Platform.Parse("linux/arm64/v8") };

        var plan = new InstructionList()
            .From("p/${BUILDPLATFORM}/${BUILDOS}-${BUILDARCH}/${TARGETPLATFORM}:${TARGETOS}-${TARGETARCH}-${TARGETVARIANT}")
            .Plan(options);

        // An image reference (a FROM that names no stage must be one); normalised as buildx does: arm64/v8 is arm64.
        Assert.Equal("p/linux/amd64/linux-amd64/linux/arm64:linux-arm64-", plan.Target.BaseName);
    }

    [Fact]
    public void Platform_args_reach_a_stage_only_through_ARG()
    {
        var plan = new InstructionList().From("alpine", "a").Arg("TARGETARCH").Plan();
        var undeclared = new InstructionList().From("alpine", "a").Plan();

        Assert.Equal("amd64", Variable(plan.Target, "TARGETARCH"));
        Assert.Null(Variable(undeclared.Target, "TARGETARCH"));
    }

    [Fact]
    public void The_target_platform_defaults_to_the_build_platform()
    {
        var plan = new InstructionList().From("alpine").Arg("TARGETPLATFORM").Plan();

        Assert.Equal("linux/amd64", Variable(plan.Target, "TARGETPLATFORM"));
        Assert.Equal(plan.BuildPlatform, plan.TargetPlatform);
        Assert.Equal(Platform.Parse("linux/amd64"), plan.Target.Platform);
    }

    [Fact]
    public void TARGETSTAGE_names_the_target()
    {
        var plan = new InstructionList().From("alpine", "build").Arg("TARGETSTAGE").From("alpine", "final").Plan("build");

        Assert.Equal("build", Variable(plan.Target, "TARGETSTAGE"));
    }

    [Fact]
    public void FROM_platform_expands_global_args_and_a_child_stage_keeps_its_base_platform()
    {
        var plan = new InstructionList()
            .Arg("ARCH=arm64")
            .From("alpine", "build", platform: "linux/$ARCH")
            .From("build", "final", platform: "linux/s390x")
            .From("alpine", "other")
            .Plan("final");

        Assert.Equal(Platform.Parse("linux/arm64"), plan.Stages[0].Platform);
        Assert.Equal(Platform.Parse("linux/arm64"), plan.Stages[1].Platform);
        Assert.Equal(Platform.Parse("linux/amd64"), plan.Stages[2].Platform);
    }

    [Fact]
    public void An_empty_or_invalid_FROM_platform_is_rejected()
    {
        var empty = Assert.Throws<DockerfileException>(() => new InstructionList().From("alpine", platform: "$NOPE").Plan());
        var invalid = Assert.Throws<DockerfileException>(() => new InstructionList().From("alpine", platform: "linux/").Plan());

        Assert.Equal("Dockerfile:1: empty platform value from expression $NOPE", empty.Message);
        Assert.StartsWith("Dockerfile:1: failed to parse platform linux/:", invalid.Message);
    }

    [Fact]
    public void A_base_name_that_expands_to_nothing_is_rejected()
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList().Arg("IMAGE").From("$IMAGE").Plan());

        Assert.Equal("Dockerfile:2: base name ($IMAGE) should not be blank", error.Message);
    }

    [Fact]
    public void Proxy_build_args_reach_RUN_without_declaration_and_stay_out_of_history()
    {
        var plan = new InstructionList().From("alpine").Run("wget example.com")
            .Plan(null, "HTTP_PROXY=http://proxy:3128", "no_proxy=localhost", "OTHER=1");

        var scope = plan.Target.FinalScope!;
        Assert.Equal(
            [new("HTTP_PROXY", "http://proxy:3128"), new("http_proxy", "http://proxy:3128"), new("NO_PROXY", "localhost"), new("no_proxy", "localhost")],
            scope.ProxyVariables);
        Assert.False(scope.Variables.ContainsKey("HTTP_PROXY"));
        Assert.True(PredefinedArgs.IsProxyArg("HTTP_PROXY"));
        Assert.False(PredefinedArgs.IsProxyArg("Http_Proxy"));
        Assert.Equal(["OTHER"], plan.UnusedBuildArgs);
    }

    [Fact]
    public void A_proxy_build_arg_in_any_letter_case_reaches_RUN_under_both_names_as_BuildKits_testBuiltinArgs()
    {
        var plan = new InstructionList().From("alpine").Run("wget example.com")
            .Plan(null, "https_proxy=first", "Https_Proxy=second", "No_Proxy=local");

        Assert.Equal(
            [new("HTTPS_PROXY", "first"), new("https_proxy", "first"), new("NO_PROXY", "local"), new("no_proxy", "local")],
            plan.Target.FinalScope!.ProxyVariables);
    }

    [Fact]
    public void Build_args_nothing_declares_are_reported_as_unused()
    {
        var plan = new InstructionList()
            .Arg("GLOBAL")
            .From("alpine", "used")
            .Arg("IN_STAGE")
            .From("alpine", "pruned")
            .Arg("ONLY_IN_PRUNED")
            .Plan("used", "GLOBAL=1", "IN_STAGE=2", "ONLY_IN_PRUNED=3", "TYPO=4", "TARGETARCH=arm64", "ALPHA=5");

        Assert.Equal(["ALPHA", "ONLY_IN_PRUNED", "TYPO"], plan.UnusedBuildArgs);
    }

    [Fact]
    public void A_build_arg_overrides_a_predefined_platform_arg()
    {
        var plan = new InstructionList().From("image:$TARGETARCH").Plan(null, "TARGETARCH=riscv64");

        Assert.Equal("image:riscv64", plan.Target.BaseName);
    }

    [Fact]
    public void Secrets_and_cache_mounts_are_resolved_with_BuildKit_defaults()
    {
        var plan = new InstructionList()
            .From("alpine")                                                                              // 1
            .Arg("CACHE=/root/.cache")                                                                   // 2
            .Run("a", InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Secret, id: "npmrc", required: true),
                      InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Secret, target: "/run/secrets/token"),
                      InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Secret, id: "ignored", source: "aws"))  // 3
            .Run("b", InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Cache, target: "$CACHE/go/"),
                      InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Cache, id: "apt", target: "/var/cache/apt",
                          sharing: Hoist.Dockerfile.Instructions.CacheSharing.Locked))                   // 4
            .Run("c", InstructionList.Mount(Hoist.Dockerfile.Instructions.MountType.Secret, id: "npmrc"))  // 5
            .Plan();

        Assert.Equal(
            [new SecretReference("npmrc", true, 3), new SecretReference("token", false, 3), new SecretReference("aws", false, 3)],
            plan.Target.Secrets);
        Assert.Equal(
            [
                new CacheMountReference("/root/.cache/go", "/root/.cache/go/", Hoist.Dockerfile.Instructions.CacheSharing.Shared, 4),
                new CacheMountReference("apt", "/var/cache/apt", Hoist.Dockerfile.Instructions.CacheSharing.Locked, 4),
            ],
            plan.Target.CacheMounts);
    }

    [Fact]
    public void Pruned_stages_are_not_evaluated()
    {
        // BuildKit never dispatches a stage the target does not need, so its errors cannot fail the build.
        var plan = new InstructionList()
            .From("alpine", "broken")
            .Arg("X=${UNCLOSED")
            .From("alpine", "final")
            .Plan();

        Assert.Null(plan.Stages[0].FinalScope);
        Assert.Equal(["final"], plan.BuildOrder.Select(s => s.DisplayName));
    }

    [Fact]
    public void Expansion_errors_in_a_built_stage_name_the_line()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("alpine").Run("true").Arg("X=${UNCLOSED").Plan());

        Assert.Equal(3, error.Line);
    }
}
