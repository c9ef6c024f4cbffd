using System.Globalization;
using System.Text.Json.Nodes;
using Hoist.Analysis.Sbom;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// SLSA v1 provenance as BuildKit writes it in <c>mode=min</c> (docs/attestations/slsa-definitions.md): the build type,
/// the request (frontend, build args, target, the Dockerfile's path), the builder platform, and the images the build
/// resolved (base images with their digests). Times are left out when the build has an epoch, so the attestation of
/// a reproducible build is reproducible too.
/// </summary>
public static class ProvenancePredicate
{
    public const string PredicateType = "https://slsa.dev/provenance/v1";
    public const string BuildType = "https://mobyproject.org/buildkit@v1";

    public static JsonObject Create(BuildPlan plan, string? dockerfilePath, IReadOnlyList<(ImageReference Reference, Digest Digest)> bases, DateTimeOffset? startedOn, DateTimeOffset? finishedOn)
    {
        var args = new JsonObject();
        foreach (var (name, value) in plan.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal)) args[$"build-arg:{name}"] = value;
        if (plan.Target.Name is { } target) args["target"] = target;
        var dependencies = new JsonArray();
        foreach (var (reference, digest) in bases)
        {
            dependencies.Add((JsonNode)new JsonObject
            {
                ["uri"] = DockerPackageUrl.For(reference, plan.TargetPlatform),
                ["digest"] = new JsonObject { [digest.Algorithm] = digest.Hex },
            });
        }
        var metadata = new JsonObject();
        if (startedOn is { } started) metadata["startedOn"] = Time(started);
        if (finishedOn is { } finished) metadata["finishedOn"] = Time(finished);
        return new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = BuildType,
                ["externalParameters"] = new JsonObject
                {
                    ["configSource"] = new JsonObject { ["path"] = Path.GetFileName(dockerfilePath ?? "Dockerfile") },
                    ["request"] = new JsonObject { ["frontend"] = "dockerfile.v0", ["args"] = args },
                },
                ["internalParameters"] = new JsonObject { ["builderPlatform"] = plan.BuildPlatform.ToString() },
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = new JsonObject { ["id"] = "", ["version"] = new JsonObject { [SbomDocument.ToolName] = SbomDocument.ToolVersion } },
                ["metadata"] = metadata,
            },
        };
    }

    /// <summary>
    /// <paramref name="v1"/> (from <see cref="Create"/>) in the SLSA v0.2 shape buildx writes as
    /// <c>buildx.build.provenance</c> in a metadata file (BuildKit's <c>ConvertToSLSA02</c>, then buildx's min mode,
    /// which drops <c>buildConfig</c> and <c>metadata</c>).
    /// </summary>
    public static JsonObject ToMetadataShape(JsonObject v1)
    {
        var definition = v1["buildDefinition"]!.AsObject();
        var external = definition["externalParameters"]!.AsObject();
        var parameters = external["request"]?.DeepClone().AsObject() ?? [];
        // BuildKit's Parameters.Args is omitempty; its locals are the build context and the Dockerfile's directory.
        if (parameters["args"] is JsonObject { Count: 0 }) parameters.Remove("args");
        parameters["locals"] = new JsonArray(new JsonObject { ["name"] = "context" }, new JsonObject { ["name"] = "dockerfile" });
        var result = new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = v1["runDetails"]?["builder"]?["id"]?.DeepClone() ?? "" },
            ["buildType"] = BuildType,
        };
        if (definition["resolvedDependencies"] is JsonArray { Count: > 0 } dependencies)
        {
            result["materials"] = new JsonArray([.. dependencies.Select(d => (JsonNode?)new JsonObject
            {
                ["uri"] = d!["uri"]!.DeepClone(), ["digest"] = d["digest"]!.DeepClone(),
            })]);
        }
        result["invocation"] = new JsonObject
        {
            ["configSource"] = new JsonObject { ["entryPoint"] = external["configSource"]?["path"]?.DeepClone() },
            ["parameters"] = parameters,
            ["environment"] = new JsonObject { ["platform"] = definition["internalParameters"]?["builderPlatform"]?.DeepClone() },
        };
        return result;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
