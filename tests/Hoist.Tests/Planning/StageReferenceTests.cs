using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Planning;
using static Hoist.Tests.Planning.InstructionList;

namespace Hoist.Tests.Planning;

/// <summary>COPY --from and RUN --mount from=: stage names, indexes, images, and what BuildKit refuses.</summary>
public sealed class StageReferenceTests
{
    [Fact]
    public void COPY_from_an_index_refers_to_that_earlier_stage()
    {
        var plan = new InstructionList()
            .From("alpine")                 // 1
            .From("alpine", "named")        // 2
            .From("scratch")                // 3
            .Copy("/x", "/x", "1")          // 4
            .Plan();

        Assert.Equal([new StageDependency(1, "named", DependencyReason.CopyFrom, 4)], plan.Target.Dependencies);
        Assert.Equal([1, 2], plan.BuildOrder.Select(s => s.Index));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-1")]
    public void COPY_from_an_index_that_is_no_stage_is_rejected(string index)
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("alpine").From("scratch").Copy("/x", "/x", index).Plan());

        Assert.Equal($"Dockerfile:3: invalid stage index {int.Parse(index)}", error.Message);
    }

    [Fact]
    public void COPY_from_a_name_that_is_no_stage_is_an_external_image()
    {
        var plan = new InstructionList()
            .From("scratch")
            .Copy("/usr/bin/tini", "/tini", "krallin/ubuntu-tini:latest")
            .Plan();

        Assert.Empty(plan.Target.Dependencies);
        Assert.Equal([new ExternalImageReference("krallin/ubuntu-tini:latest", DependencyReason.CopyFrom, 2)], plan.Target.ExternalImages);
        Assert.Single(plan.BuildOrder);
    }

    [Fact]
    public void COPY_from_matches_stage_names_case_insensitively()
    {
        var plan = new InstructionList().From("alpine", "build").From("scratch").Copy("/x", "/x", "BUILD").Plan();

        Assert.Equal(0, Assert.Single(plan.Target.Dependencies).StageIndex);
    }

    [Fact]
    public void COPY_from_with_a_variable_is_refused_as_in_BuildKit()
    {
        // BuildKit resolves --from before any stage runs; it asks for an alias stage instead.
        var error = Assert.Throws<DockerfileException>(() => new InstructionList()
            .Arg("SRC=build")
            .From("alpine", "build")
            .From("scratch")
            .Copy("/x", "/x", "$SRC")
            .Plan());

        Assert.Equal(4, error.Line);
        Assert.Contains("variable expansion is not supported for --from", error.Message);
    }

    [Fact]
    public void RUN_mount_from_a_stage_is_a_dependency_and_an_image_is_external()
    {
        var plan = new InstructionList()
            .From("alpine", "deps")                                                    // 1
            .From("alpine", "unused")                                                  // 2
            .From("alpine", "app")                                                     // 3
            .Run("make", Mount(MountType.Bind, from: "deps", target: "/deps"),
                         Mount(MountType.Bind, from: "golang:1.22", target: "/go"))   // 4
            .Plan();

        Assert.Equal([new StageDependency(0, "deps", DependencyReason.RunMountFrom, 4)], plan.Target.Dependencies);
        Assert.Equal([new ExternalImageReference("golang:1.22", DependencyReason.RunMountFrom, 4)], plan.Target.ExternalImages);
        Assert.Equal(["deps", "app"], plan.BuildOrder.Select(s => s.DisplayName));
    }

    [Fact]
    public void RUN_mount_from_with_a_variable_is_refused_as_in_BuildKit()
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList()
            .From("alpine")
            .Run("make", Mount(MountType.Bind, from: "${STAGE}", target: "/src"))
            .Plan());

        Assert.Equal("Dockerfile:2: 'from' doesn't support variable expansion, define alias stage instead", error.Message);
    }

    [Fact]
    public void A_stage_copying_from_itself_is_a_cycle()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("alpine", "app").Copy("/x", "/y", "app").Plan());

        Assert.Equal("Dockerfile:2: circular dependency detected on stage: app (app -> app)", error.Message);
    }

    [Fact]
    public void A_stage_copying_from_its_own_index_is_a_cycle()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            new InstructionList().From("alpine").From("alpine").Copy("/x", "/y", "1").Plan());

        Assert.Contains("circular dependency detected on stage: stage-1", error.Message);
    }

    [Fact]
    public void Cycles_between_stages_are_rejected_even_outside_the_target()
    {
        var error = Assert.Throws<DockerfileException>(() => new InstructionList()
            .From("alpine", "a")            // 1
            .Copy("/x", "/x", "b")          // 2
            .From("alpine", "b")            // 3
            .Copy("/y", "/y", "a")          // 4
            .From("scratch", "final")       // 5
            .Plan());

        Assert.Equal("Dockerfile:2: circular dependency detected on stage: a (a -> b -> a)", error.Message);
    }

    [Fact]
    public void Copying_from_a_later_stage_is_rejected_when_the_stage_is_built()
    {
        var lines = new InstructionList()
            .From("alpine", "app")          // 1
            .Copy("/x", "/x", "assets")     // 2
            .From("alpine", "assets");      // 3

        var error = Assert.Throws<DockerfileException>(() => lines.Plan("app"));
        Assert.Equal(
            "Dockerfile:2: cannot copy from stage \"assets\", it needs to be defined before current stage \"app\"",
            error.Message);

        // BuildKit only complains when it dispatches the stage: targeting `assets` is fine.
        Assert.Equal(["assets"], lines.Plan("assets").BuildOrder.Select(s => s.DisplayName));
    }

    [Fact]
    public void Every_reference_is_kept_in_order_with_its_reason()
    {
        var plan = new InstructionList()
            .From("alpine", "base")                                         // 1
            .From("alpine", "assets")                                       // 2
            .From("base", "app")                                            // 3
            .Copy("/a", "/a", "assets")                                     // 4
            .Run("ls", Mount(MountType.Cache, from: "assets", target: "/c")) // 5
            .Plan();

        Assert.Equal(
            [
                new StageDependency(0, "base", DependencyReason.From, 3),
                new StageDependency(1, "assets", DependencyReason.CopyFrom, 4),
                new StageDependency(1, "assets", DependencyReason.RunMountFrom, 5),
            ],
            plan.Target.Dependencies);
    }
}
