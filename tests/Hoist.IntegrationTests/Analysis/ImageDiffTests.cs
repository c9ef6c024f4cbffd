using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hoist.IntegrationTests.Building;
using Hoist.IntegrationTests.Registry;

namespace Hoist.IntegrationTests.Analysis;

/// <summary>
/// <c>hoist diff</c> on images built here (busybox fixture, real runc): each test changes one thing in the build and
/// the diff names exactly that — a file's content, its mode, an ENV value, the epoch (timestamps) — with diff(1)'s
/// exit codes; the operands may be archives and registry references.
/// </summary>
public sealed class ImageDiffTests(AnonymousRegistryFixture registry) : IClassFixture<AnonymousRegistryFixture>
{
    private sealed record Variant(string Content = "one\n", string Mode = "0644", string Env = "a", long Epoch = 100);

    [RootFact]
    public void A_changed_file_is_named_with_both_content_digests_and_nothing_else()
    {
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());
        Build(store, "t/b:1", new Variant(Content: "two\n"));

        var diff = store.Hoist("diff", "t/a:1", "t/b:1");

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains($"     ~ app/f.txt  content {Sha("one\n")} → {Sha("two\n")}\n", diff.Stdout);
        Assert.DoesNotContain("config.Env", diff.Stdout);
        Assert.DoesNotContain("mtime", diff.Stdout);
    }

    [RootFact]
    public void A_changed_mode_is_named_alone()
    {
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());
        Build(store, "t/b:1", new Variant(Mode: "0600"));

        var diff = store.Hoist("diff", "t/a:1", "t/b:1");

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("     ~ app/f.txt  mode 0644 → 0600\n", diff.Stdout);
        Assert.Contains("  #0 same ", diff.Stdout);
    }

    [RootFact]
    public void A_changed_env_var_is_a_config_field_and_the_layers_are_the_same()
    {
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());
        Build(store, "t/b:1", new Variant(Env: "b"));

        var diff = store.Hoist("diff", "t/a:1", "t/b:1");

        Assert.Equal(1, diff.ExitCode);
        Assert.Matches(@"\n  config\.Env\[\d\]: ""MODE=a"" → ""MODE=b""\n", diff.Stdout);
        Assert.DoesNotContain(" differs: ", diff.Stdout);
    }

    [RootFact]
    public void A_changed_epoch_shows_as_created_times_and_file_mtimes()
    {
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());
        Build(store, "t/b:1", new Variant(Epoch: 200));

        var diff = store.Hoist("diff", "--format", "json", "t/a:1", "t/b:1");

        Assert.Equal(1, diff.ExitCode);
        var json = JsonNode.Parse(diff.Stdout)!;
        Assert.False(json["identical"]!.GetValue<bool>());
        Assert.Contains(json["config"]!.AsArray(), f => f!["path"]!.GetValue<string>() == "created"
            && f["a"]!.GetValue<string>() == "\"1970-01-01T00:01:40Z\"" && f["b"]!.GetValue<string>() == "\"1970-01-01T00:03:20Z\"");
        var file = json["layers"]!.AsArray().SelectMany(l => l!["files"]!.AsArray()).Single(f => f!["path"]!.GetValue<string>() == "app/f.txt")!;
        var field = Assert.Single(file["fields"]!.AsArray())!;
        Assert.Equal("mtime", field["path"]!.GetValue<string>());
        Assert.Equal("100 (1970-01-01T00:01:40Z)", field["a"]!.GetValue<string>());
        Assert.Equal("200 (1970-01-01T00:03:20Z)", field["b"]!.GetValue<string>());
    }

    [RootFact]
    public void The_same_image_exits_0_and_a_bad_operand_exits_2()
    {
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());

        var same = store.Hoist("diff", "t/a:1", "t/a:1");
        var bad = store.Hoist("diff", "t/a:1", "Not A Reference");

        Assert.Equal(0, same.ExitCode);
        Assert.EndsWith("identical\n", same.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: ", bad.Stderr);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
    }

    [RootFact]
    public void A_docker_archive_an_oci_layout_and_a_registry_image_are_operands_too()
    {
        if (RegistryServer.BinaryPath is null) return;
        using var store = new BuildStore();
        Build(store, "t/a:1", new Variant());
        Build(store, "t/b:1", new Variant(Mode: "0600"));
        var archive = Path.Combine(store.Root, "a.tar");
        var layout = Path.Combine(store.Root, "a-layout");
        var remote = $"{registry.Server.Host}/diff/b:1";
        Assert.Equal(0, store.Hoist("save", "--format", "docker", "-o", archive, "t/a:1").ExitCode);
        Assert.Equal(0, store.Hoist("save", "--format", "oci-dir", "-o", layout, "t/a:1").ExitCode);
        Assert.Equal(0, store.Hoist("push", "t/b:1", remote).ExitCode);

        var fromArchive = store.Hoist("diff", archive, remote);
        var fromLayout = store.Hoist("diff", layout, "t/a:1");

        Assert.Equal(1, fromArchive.ExitCode);
        Assert.Contains("     ~ app/f.txt  mode 0644 → 0600\n", fromArchive.Stdout);
        Assert.Equal(0, fromLayout.ExitCode);
    }

    private static void Build(BuildStore store, string tag, Variant variant)
    {
        var dockerfile = $"FROM hoist-fixtures/busybox:latest\nENV MODE={variant.Env}\nCOPY --chmod={variant.Mode} f.txt /app/\nRUN echo made > /app/made.txt\n";
        var context = store.NewContext(("Dockerfile", dockerfile), ("f.txt", variant.Content));
        var result = store.Hoist("build", "--progress", "plain", "--source-date-epoch", variant.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", tag, context);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    private static string Sha(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
