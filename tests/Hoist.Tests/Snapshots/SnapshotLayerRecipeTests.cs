using System.Text.Json;
using Hoist.Snapshots;

namespace Hoist.Tests.Snapshots;

/// <summary>A snapshot layer's recipe as stored: only its fields, and recipes written with the derived time options
/// before still read.</summary>
public sealed class SnapshotLayerRecipeTests
{
    private static readonly SnapshotLayerRecipe Recipe = new() { SourceDateEpoch = 1700000000, Omitted = ["work"] };

    [Fact]
    public void A_recipe_stores_its_fields_and_not_the_time_options_made_from_them()
    {
        var json = JsonSerializer.Serialize(Recipe, SnapshotsJsonContext.Default.SnapshotLayerRecipe);

        Assert.DoesNotContain("TimeOptions", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, SnapshotsJsonContext.Default.SnapshotLayerRecipe)!;
        Assert.Equal((1700000000L, "work"), (read.SourceDateEpoch!.Value, Assert.Single(read.Omitted)));
        Assert.Equal(Recipe.TimeOptions.SourceDateEpoch, read.TimeOptions.SourceDateEpoch);
    }

    [Fact]
    public void A_recipe_written_with_its_time_options_still_reads()
    {
        const string Earlier = """
            { "sourceDateEpoch": 1700000000, "omitted": ["work"],
              "TimeOptions": { "Compression": 1, "ParallelGzip": true, "BuildWindows": { "Intervals": [], "IsEmpty": true } } }
            """;

        var read = JsonSerializer.Deserialize(Earlier, SnapshotsJsonContext.Default.SnapshotLayerRecipe)!;

        Assert.Equal(1700000000L, read.SourceDateEpoch);
        Assert.Equal("work", Assert.Single(read.Omitted));
    }

    [Fact]
    public void A_build_recipe_keeps_only_the_capability_and_one_written_before_keeps_every_attribute()
    {
        var json = JsonSerializer.Serialize(SnapshotLayerRecipe.ForBuild(null, ["work"]), SnapshotsJsonContext.Default.SnapshotLayerRecipe);
        var read = JsonSerializer.Deserialize(json, SnapshotsJsonContext.Default.SnapshotLayerRecipe)!;
        var before = JsonSerializer.Deserialize("""{ "sourceDateEpoch": null, "omitted": [] }""", SnapshotsJsonContext.Default.SnapshotLayerRecipe)!;

        Assert.True(read.TimeOptions.OnlyCapabilityXattr);
        Assert.False(before.TimeOptions.OnlyCapabilityXattr);
    }
}
