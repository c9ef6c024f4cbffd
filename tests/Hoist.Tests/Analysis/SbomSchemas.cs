using System.Text.Json.Nodes;
using Json.Schema;

namespace Hoist.Tests.Analysis;

/// <summary>Validates SBOM JSON against the published schemas vendored in tests/schemas (shared with the integration
/// tests, which link this file).</summary>
public static class SbomSchemas
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Hoist.sln"))) root = root.Parent;
        var directory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"), "tests", "schemas");
        // The CycloneDX schemas refer to these two by their $id.
        foreach (var file in new[] { "cyclonedx-spdx.schema.json", "cyclonedx-jsf-0.82.schema.json" })
            SchemaRegistry.Global.Register(JsonSchema.FromFile(Path.Combine(directory, file)));
        return directory;
    });

    public static void AssertValid(string json, string schemaFile)
    {
        var schema = JsonSchema.FromFile(Path.Combine(Directory.Value, schemaFile));
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"not valid against {schemaFile}:\n{string.Join("\n", errors.Take(20))}");
    }
}
