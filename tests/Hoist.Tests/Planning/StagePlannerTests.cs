using Hoist.Dockerfile;
using Hoist.Planning;
using Xunit;

namespace Hoist.Tests.Planning;

public sealed class StagePlannerTests
{
    /// <summary>build → test (FROM build, runs the tests) and build → runtime (COPY --from=build).</summary>
    private static InstructionList ThreeStages() => new InstructionList()
        .From("golang:1.22", "build")                       // 1
        .Run("go build -o /out/app .")                      // 2
        .From("build", "test")                              // 3
        .Run("go test ./...")                               // 4
        .From("alpine:3.20", "runtime")                     // 5
        .Copy("/out/app", "/usr/local/bin/app", "build");   // 6

    private static string[] Names(IEnumerable<PlannedStage> stages) => [.. stages.Select(s => s.DisplayName)];

    [Fact]
    public void Default_target_is_the_last_stage_and_skips_stages_it_does_not_need()
    {
        var plan = ThreeStages().Plan();

        Assert.Equal("runtime", plan.Target.Name);
        Assert.Equal(["build", "runtime"], Names(plan.BuildOrder));
        Assert.False(plan.IsBuilt(1));
        Assert.Equal(["build", "test", "runtime"], Names(plan.Stages));
    }

    [Fact]
    public void Target_test_keeps_build_and_test_only()
    {
        var plan = ThreeStages().Plan("test");

        Assert.Equal("test", plan.Target.Name);
        Assert.Equal(["build", "test"], Names(plan.BuildOrder));
        Assert.False(plan.IsBuilt(2));
    }

    [Fact]
    public void Each_stage_records_its_base_and_why_it_depends_on_other_stages()
    {
        var plan = ThreeStages().Plan();
        var (build, test, runtime) = (plan.Stages[0], plan.Stages[1], plan.Stages[2]);

        Assert.Equal(StageBaseKind.Image, build.BaseKind);
        Assert.Equal("golang:1.22", build.BaseName);
        Assert.Empty(build.Dependencies);

        Assert.Equal(StageBaseKind.Stage, test.BaseKind);
        Assert.Equal(0, test.BaseStageIndex);
        Assert.Equal([new StageDependency(0, "build", DependencyReason.From, 3)], test.Dependencies);

        Assert.Equal(StageBaseKind.Image, runtime.BaseKind);
        Assert.Equal([new StageDependency(0, "build", DependencyReason.CopyFrom, 6)], runtime.Dependencies);
        Assert.Single(runtime.Instructions);
    }

    [Fact]
    public void Target_is_found_case_insensitively_and_names_keep_their_spelling()
    {
        var plan = new InstructionList().From("alpine", "Build").From("scratch", "final").Plan("BUILD");

        Assert.Equal("Build", plan.Target.Name);
        Assert.Equal(["Build"], Names(plan.BuildOrder));
    }

    [Fact]
    public void Unknown_target_lists_the_stages()
    {
        var error = Assert.Throws<HoistException>(() => ThreeStages().Plan("foo"));

        Assert.Equal("target stage \"foo\" could not be found; stages: build, test, runtime", error.Message);
    }

    [Fact]
    public void Unnamed_stages_are_called_stage_N_and_only_reachable_by_index()
    {
        var plan = new InstructionList()
            .From("alpine")
            .Run("make")
            .From("scratch")
            .Copy("/out", "/", "0")
            .Plan();

        Assert.Equal(["stage-0", "stage-1"], Names(plan.BuildOrder));
        Assert.Equal(StageBaseKind.Scratch, plan.Target.BaseKind);
        Assert.Null(plan.Target.Name);
    }

    [Fact]
    public void Build_order_puts_dependencies_first_in_declaration_order()
    {
        var plan = new InstructionList()
            .From("alpine", "tools")          // 1
            .From("alpine", "unused")         // 2
            .From("alpine", "assets")         // 3
            .From("tools", "compile")         // 4
            .Copy("/a", "/a", "assets")       // 5
            .From("scratch", "final")         // 6
            .Copy("/bin", "/bin", "compile")  // 7
            .Copy("/a", "/a", "assets")       // 8
            .Plan();

        Assert.Equal(["tools", "assets", "compile", "final"], Names(plan.BuildOrder));
    }

    [Fact]
    public void A_file_without_FROM_is_rejected()
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList().Arg("A=1").Plan());

        Assert.Equal("Dockerfile: dockerfile contains no stages to build", error.Message);
    }

    [Fact]
    public void Only_ARG_may_come_before_the_first_FROM()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().Arg("A=1").Run("echo hi").From("alpine").Plan());

        Assert.Equal("Dockerfile:2: no build stage in current context", error.Message);
    }

    [Fact]
    public void Errors_carry_the_file_name_given_to_the_planner()
    {
        var instructions = new InstructionList().Run("echo").Instructions;

        var error = Assert.Throws<DockerfileException>(() =>
            StagePlanner.Plan("build.Dockerfile", instructions, InstructionList.Options()));

        Assert.Equal("build.Dockerfile", error.File);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("scratch")]
    [InlineData("context")]
    [InlineData("Scratch")]
    public void Reserved_stage_names_are_rejected(string name)
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList().From("alpine").From("alpine", name).Plan());

        Assert.Equal(2, error.Line);
        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public void Duplicate_stage_names_are_rejected_ignoring_case()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("alpine", "build").From("alpine", "Build").Plan());

        Assert.Equal("Dockerfile:2: duplicate stage name \"Build\" (first defined on line 1)", error.Message);
    }

    [Theory]
    [InlineData("1st")]
    [InlineData("my stage")]
    [InlineData("a/b")]
    public void Invalid_stage_names_are_rejected(string name)
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList().From("alpine", name).Plan());

        Assert.Contains("invalid name for build stage", error.Message);
    }

    [Fact]
    public void FROM_sees_only_earlier_stages_so_a_later_name_is_an_image()
    {
        var plan = new InstructionList().From("app", "base").From("alpine", "app").Plan("base");

        Assert.Equal(StageBaseKind.Image, plan.Target.BaseKind);
        Assert.Equal("app", plan.Target.BaseName);
        Assert.Equal(["base"], Names(plan.BuildOrder));
    }

    [Fact]
    public void FROM_its_own_name_is_an_image_not_a_self_reference()
    {
        // `FROM golang AS golang` is common; BuildKit registers the name only after resolving the base.
        var plan = new InstructionList().From("golang", "golang").Plan();

        Assert.Equal(StageBaseKind.Image, plan.Target.BaseKind);
        Assert.Empty(plan.Target.Dependencies);
    }

    [Fact]
    public void FROM_a_stage_name_matches_case_insensitively()
    {
        var plan = new InstructionList().From("alpine", "build").From("BUILD", "final").Plan();

        Assert.Equal(StageBaseKind.Stage, plan.Target.BaseKind);
        Assert.Equal(0, plan.Target.BaseStageIndex);
    }

    [Fact]
    public void ONBUILD_triggers_of_a_base_stage_run_in_the_child_and_add_their_dependencies()
    {
        var plan = new InstructionList()
            .From("alpine", "assets")                                             // 1
            .From("alpine", "base")                                               // 2
            .Onbuild(InstructionList.CopyAt(3, "/a", "/a", "assets"))             // 3
            .From("base", "app")                                                  // 4
            .Plan();

        var app = plan.Target;
        Assert.Single(app.InheritedTriggers);
        Assert.Contains(new StageDependency(0, "assets", DependencyReason.CopyFrom, 4), app.Dependencies);
        Assert.Equal(["assets", "base", "app"], Names(plan.BuildOrder));
        // The stage that declares ONBUILD does not run the trigger itself.
        Assert.Empty(plan.Stages[1].Dependencies);
    }
}
