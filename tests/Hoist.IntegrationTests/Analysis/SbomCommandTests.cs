using System.Text.Json;
using System.Text.Json.Nodes;
using Hoist.Analysis;
using Hoist.Content;
using Hoist.IntegrationTests.Building;
using Hoist.IntegrationTests.Formats;
using Hoist.Tests.Analysis;

namespace Hoist.IntegrationTests.Analysis;

/// <summary>
/// <c>hoist sbom</c> on real images: the Debian minbase fixture lists exactly the packages <c>dpkg-query -W</c> shows
/// inside it, a node_modules tree exactly what <c>npm ls --all</c> counts, a Go binary the modules <c>go version -m</c>
/// lists; and the documents are valid against the published schemas.
/// </summary>
public sealed class SbomCommandTests(BuildStore store) : IClassFixture<BuildStore>
{
    private const string Debian = "hoist-fixtures/debian:bookworm";

    [RootFact]
    public async Task Debian_packages_are_exactly_those_dpkg_query_lists_inside_the_image()
    {
        await ImportAsync(Debian, "--debian", "debian-rootfs.tar");
        var expected = DpkgQuery(Debian);

        var spdx = Sbom(Debian, "spdx-json");
        var cyclonedx = Sbom(Debian, "cyclonedx-json");

        Assert.True(expected.Count > 80, $"minbase has about a hundred packages, dpkg-query listed {expected.Count}");
        var listed = spdx["packages"]!.AsArray().Skip(1).Select(p => $"{p!["name"]} {p["versionInfo"]}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        Assert.Equal(expected.Count, cyclonedx["components"]!.AsArray().Count(c => ((string?)c!["purl"])?.StartsWith("pkg:deb/debian/", StringComparison.Ordinal) == true));
        Assert.Contains(cyclonedx["components"]!.AsArray(), c => (string?)c!["type"] == "operating-system" && (string?)c["version"] == "12");
        SbomSchemas.AssertValid(spdx.ToJsonString(), "spdx-2.3.schema.json");
        SbomSchemas.AssertValid(cyclonedx.ToJsonString(), "cyclonedx-bom-1.5.schema.json");
    }

    [RootFact]
    public async Task The_gcc_image_lists_what_dpkg_query_lists_and_a_busybox_final_stage_leaves_the_toolchain_behind()
    {
        await ImportAsync(FixtureImages.DebianGcc, "--gcc", "debian-gcc-rootfs.tar");
        var expected = DpkgQuery(FixtureImages.DebianGcc);

        var spdx = Sbom(FixtureImages.DebianGcc, "spdx-json");
        var content = ContentStore.Open(store.Root);
        var report = await LeftBehind.CompareAsync([await AnalysisImage.ResolveAsync(content, FixtureImages.DebianGcc, CancellationToken.None)],
            await AnalysisImage.ResolveAsync(content, FixtureImages.Busybox, CancellationToken.None), null, CancellationToken.None);

        Assert.Equal(expected, spdx["packages"]!.AsArray().Skip(1).Select(p => $"{p!["name"]} {p["versionInfo"]}").Order(StringComparer.Ordinal));
        Assert.Contains("gcc 12", report.Tools);
        Assert.Contains("apt-get", report.Tools);
        Assert.Equal(expected.Count, report.Packages);
        Assert.True(report.Bytes > 100_000_000, report.Describe(b => $"{b} bytes"));
        Assert.StartsWith("left behind: ", report.Describe(b => $"{b / 1_000_000}MB"));
    }

    [RootFact]
    public void Npm_packages_are_exactly_those_npm_ls_lists_for_the_node_modules_tree()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nCOPY app /app\n"));
        NodeModulesTree.Write(Path.Combine(context, "app"));
        var parseable = HostCommand.Run("sh", "-c", $"cd '{context}/app' && npm ls --all --parseable --offline");
        var installs = parseable.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(); // the first line is the project
        Assert.True(store.Hoist("build", "-t", "node-app:1", context).ExitCode == 0);

        var bom = Sbom("node-app:1", "cyclonedx-json@1.6");

        var npm = bom["components"]!.AsArray().Where(c => ((string?)c!["purl"])?.StartsWith("pkg:npm/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(NodeModulesTree.Installs, installs);
        Assert.Equal(installs, npm.Count);
        Assert.Contains(npm, c => (string?)c!["purl"] == "pkg:npm/%40scope/b@2.0.0");
        SbomSchemas.AssertValid(bom.ToJsonString(), "cyclonedx-bom-1.6.schema.json");
    }

    [RootFact]
    public void A_go_binary_lists_the_modules_go_version_m_shows()
    {
        if (ToolPath.Find("go") is null) Assert.Fail("go is not installed: scripts/setup.sh installs golang-go");
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nCOPY hello /usr/local/bin/hello\n"),
            ("src/go.mod", "module example.com/hello\n\ngo 1.19\n\nrequire example.com/greet v1.2.3\n\nreplace example.com/greet => ./greet\n"),
            ("src/main.go", "package main\n\nimport \"example.com/greet\"\n\nfunc main() { println(greet.Hello()) }\n"),
            ("src/greet/go.mod", "module example.com/greet\n\ngo 1.19\n"),
            ("src/greet/greet.go", "package greet\n\nfunc Hello() string { return \"hello\" }\n"));
        HostCommand.Run("sh", "-c", $"cd '{context}/src' && CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=mod go build -o ../hello .");
        var modules = HostCommand.Run("go", "version", "-m", Path.Combine(context, "hello")).Split('\n')
            .Select(l => l.Trim().Split('\t')).Where(f => f[0] is "mod" or "dep").Select(f => $"{f[1]} {f[2]}").Order(StringComparer.Ordinal).ToList();
        Assert.True(store.Hoist("build", "-t", "go-app:1", context).ExitCode == 0);

        var spdx = Sbom("go-app:1", "spdx-json");

        var golang = spdx["packages"]!.AsArray().Skip(1).Where(p => ((string?)p!["externalRefs"]![0]!["referenceLocator"])!.StartsWith("pkg:golang/", StringComparison.Ordinal))
            .Select(p => $"{p!["name"]} {p["versionInfo"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["example.com/greet v1.2.3", "example.com/hello (devel)"], modules);
        Assert.Equal(modules, golang);
    }

    [RootFact]
    public void The_same_image_gives_the_same_bytes_and_output_goes_to_a_file_with_o()
    {
        var path = Path.Combine(store.NewContext(), "sbom.json");

        var run = store.Hoist("sbom", "-o", path, "hoist-fixtures/busybox:latest");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal(File.ReadAllText(path).TrimEnd(), store.Hoist("sbom", "hoist-fixtures/busybox:latest").Stdout.TrimEnd());
        Assert.Contains("\"created\": \"1970-01-01T00:00:00Z\"", File.ReadAllText(path));
        Assert.Equal("error: image \"nope\" not found\n", store.Hoist("sbom", "nope").Stderr);
    }

    private JsonNode Sbom(string image, string format)
    {
        var run = store.Hoist("sbom", "--format", format, image);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonNode.Parse(run.Stdout)!;
    }

    /// <summary>"NAME VERSION" of every package <c>dpkg-query -W</c> lists inside the image, sorted.</summary>
    private List<string> DpkgQuery(string image)
    {
        var inside = store.Hoist("run", image, "/usr/bin/dpkg-query", "-W", "-f", "${Package} ${Version}\n");
        Assert.True(inside.ExitCode == 0, inside.Stderr);
        return inside.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    private async Task ImportAsync(string name, string fixtureOption, string tar)
    {
        var content = ContentStore.Open(store.Root);
        try
        {
            await content.ResolveImageAsync(name);
        }
        catch (HoistException)
        {
            var cache = BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), fixtureOption).Trim();
            await FixtureImages.ImportAsync(content, Path.Combine(cache, tar), name);
        }
    }
}
