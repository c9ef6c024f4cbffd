using System.Diagnostics;
using System.Text.Json.Nodes;
using Hoist.Content;
using Hoist.IntegrationTests.Formats;
using Hoist.IntegrationTests.Registry;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist build --sbom --provenance</c>: the attestations are attached as BuildKit attaches them (an index with the
/// image and an unknown/unknown attestation manifest of in-toto layers), survive <c>save</c>/<c>load</c> in both
/// archive formats and a push, and the current <c>docker buildx imagetools inspect</c> reads them from a loopback
/// registry. Under an epoch, two builds give the same index digest.
/// </summary>
public sealed class AttestationBuildTests(AnonymousRegistryFixture registry) : IClassFixture<AnonymousRegistryFixture>
{
    private const string Dockerfile = "FROM hoist-fixtures/busybox:latest\nCOPY f.txt /app/\nRUN echo made > /app/made.txt\n";

    [RootFact]
    public async Task The_attestation_manifest_sits_in_an_index_beside_the_image_as_buildkit_writes_it()
    {
        using var store = new BuildStore();
        Build(store, "t/att:1", "--sbom", "--attest", "type=provenance,mode=min");

        var image = await ContentStore.Open(store.Root).ResolveImageAsync("t/att:1");
        var index = Assert.IsType<StoredIndex>(image.Target).Index;
        Assert.Equal(2, index.Manifests.Count);
        Assert.Equal(image.Manifest.Digest, index.Manifests[0].Digest);
        var attestation = index.Manifests[1];
        Assert.Equal(new Platform { Os = "unknown", Architecture = "unknown" }, attestation.Platform);
        Assert.Equal("attestation-manifest", attestation.Annotations!["vnd.docker.reference.type"]);
        Assert.Equal(image.Manifest.Digest.ToString(), attestation.Annotations["vnd.docker.reference.digest"]);
        var manifest = (StoredManifest)await ContentStore.Open(store.Root).ReadDocumentAsync(attestation.Digest);
        Assert.Equal(["https://spdx.dev/Document", "https://slsa.dev/provenance/v1"],
            manifest.Manifest.Layers.Select(l => l.Annotations!["in-toto.io/predicate-type"]));
        Assert.All(manifest.Manifest.Layers, l => Assert.Equal("application/vnd.in-toto+json", l.MediaType));
    }

    [RootFact]
    public async Task Under_an_epoch_two_builds_attach_the_same_attestations()
    {
        using var one = new BuildStore();
        using var two = new BuildStore();
        Build(one, "t/att:1", "--sbom", "--provenance", "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1700000000");
        await Task.Delay(1100);
        Build(two, "t/att:1", "--sbom", "--provenance", "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1700000000");

        var first = await ContentStore.Open(one.Root).ResolveImageAsync("t/att:1");
        var second = await ContentStore.Open(two.Root).ResolveImageAsync("t/att:1");
        Assert.IsType<StoredIndex>(first.Target);
        Assert.Equal(first.Target.Digest, second.Target.Digest);
    }

    [RootFact]
    public void Buildx_imagetools_reads_the_sbom_and_provenance_after_save_load_and_push()
    {
        var docker = ToolPath.FindDocker("docker");
        var buildx = Path.Combine(ToolPath.DockerPrefix, "usr/libexec/docker/cli-plugins/docker-buildx");
        if (docker is null || !File.Exists(buildx) || RegistryServer.BinaryPath is null) return;
        using var store = new BuildStore();
        using var loaded = new BuildStore();
        Build(store, "t/att:1", "--sbom", "--provenance");
        foreach (var format in new[] { "oci", "docker" })
        {
            var archive = Path.Combine(store.Root, $"att-{format}.tar");
            var remote = $"{registry.Server.Host}/attest/{format}:1";
            Assert.Equal(0, store.Hoist("save", "--format", format, "-o", archive, "t/att:1").ExitCode);
            Assert.Equal(0, loaded.Hoist("load", "-i", archive).ExitCode);
            Assert.Equal(0, loaded.Hoist("tag", "t/att:1", remote).ExitCode);
            Assert.Equal(0, loaded.Hoist("push", remote).ExitCode);

            var sbom = JsonNode.Parse(Inspect(docker, buildx, remote, "{{json .SBOM}}"))!;
            var provenance = JsonNode.Parse(Inspect(docker, buildx, remote, "{{json .Provenance}}"))!;

            Assert.Equal("SPDX-2.3", sbom["SPDX"]!["spdxVersion"]!.GetValue<string>());
            Assert.Equal("https://mobyproject.org/buildkit@v1", provenance["SLSA"]!["buildDefinition"]!["buildType"]!.GetValue<string>());
            Assert.Contains("hoist-fixtures/busybox@latest",
                provenance["SLSA"]!["buildDefinition"]!["resolvedDependencies"]![0]!["uri"]!.GetValue<string>());
        }
    }

    [RootFact]
    public void Provenance_max_mode_is_refused_in_one_line_before_any_step()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", Dockerfile), ("f.txt", "one\n"));

        var result = store.Hoist("build", "--progress", "plain", "--attest", "type=provenance,mode=max", context);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error: --attest type=provenance,mode=max: mode=max is not supported yet (Hoist writes BuildKit's min mode)", result.Stderr.Trim());
    }

    private static void Build(BuildStore store, string tag, params string[] extra)
    {
        var context = store.NewContext(("Dockerfile", Dockerfile), ("f.txt", "one\n"));
        var result = store.Hoist(["build", "--progress", "plain", "-t", tag, .. extra, context]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>imagetools needs no daemon; DOCKER_CONFIG is a private directory holding only the buildx plugin.</summary>
    private static string Inspect(string docker, string buildx, string reference, string format)
    {
        var config = Directory.CreateTempSubdirectory("hoist-docker-config-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(config, "cli-plugins"));
            File.CreateSymbolicLink(Path.Combine(config, "cli-plugins", "docker-buildx"), buildx);
            var psi = new ProcessStartInfo(docker) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "buildx", "imagetools", "inspect", "--format", format, reference }) psi.ArgumentList.Add(arg);
            psi.Environment["DOCKER_CONFIG"] = config;
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            return output.Result;
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
