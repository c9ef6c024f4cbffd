using System.Text.Json.Nodes;
using Hoist.Building.Engine;
using Hoist.Oci;
using Hoist.Tests.Planning;

namespace Hoist.Tests.Building.Engine;

/// <summary><c>buildx.build.provenance</c> in a metadata file: the SLSA v1 predicate in the v0.2 shape buildx writes
/// (BuildKit's ConvertToSLSA02, then min mode), as recorded from buildx 0.29.1.</summary>
public sealed class ProvenanceMetadataShapeTests
{
    [Fact]
    public void The_v1_predicate_is_written_in_buildxs_v02_shape_without_times()
    {
        var plan = new InstructionList().From("busybox:1.36").Run("true").Plan(InstructionList.Options(null, "A=1"));
        var v1 = ProvenancePredicate.Create(plan, "/ctx/Dockerfile.app", [(ImageReference.Parse("busybox:1.36"), Digest.Sha256("b"u8))],
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(5));

        var shape = ProvenancePredicate.ToMetadataShape(v1);

        Assert.Equal(["builder", "buildType", "materials", "invocation"], shape.Select(p => p.Key));
        Assert.Equal("https://mobyproject.org/buildkit@v1", shape["buildType"]!.GetValue<string>());
        Assert.Equal("Dockerfile.app", shape["invocation"]!["configSource"]!["entryPoint"]!.GetValue<string>());
        Assert.Equal("1", shape["invocation"]!["parameters"]!["args"]!["build-arg:A"]!.GetValue<string>());
        Assert.Equal("""[{"name":"context"},{"name":"dockerfile"}]""", shape["invocation"]!["parameters"]!["locals"]!.ToJsonString());
        Assert.Equal(plan.BuildPlatform.ToString(), shape["invocation"]!["environment"]!["platform"]!.GetValue<string>());
        Assert.Equal(Digest.Sha256("b"u8).Hex, shape["materials"]![0]!["digest"]!["sha256"]!.GetValue<string>());
        Assert.Null(shape["metadata"]);
        Assert.Null(shape["buildConfig"]);
    }

    [Fact]
    public void Empty_args_and_no_bases_are_left_out_as_buildx_leaves_them()
    {
        var plan = new InstructionList().From("scratch").Plan();

        var shape = ProvenancePredicate.ToMetadataShape(ProvenancePredicate.Create(plan, null, [], null, null));

        Assert.False(shape.ContainsKey("materials"));
        Assert.False(shape["invocation"]!["parameters"]!.AsObject().ContainsKey("args"));
    }
}
