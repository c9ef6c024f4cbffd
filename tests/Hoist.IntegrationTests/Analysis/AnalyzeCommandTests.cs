using System.Text.Json;
using Hoist.IntegrationTests.Building;

namespace Hoist.IntegrationTests.Analysis;

/// <summary>
/// <c>hoist analyze</c> on images built with <c>hoist build</c> from the busybox fixture: one image holding every kind
/// of attack-surface finding, the scan gate, base-vs-own sizes, and waste from files a later step deleted.
/// </summary>
public sealed class AnalyzeCommandTests(BuildStore store) : IClassFixture<BuildStore>
{
    private const string Key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----\n";

    private string BuildRisky()
    {
        var context = store.NewContext(
            ("Dockerfile", """
                FROM hoist-fixtures/busybox:latest
                COPY key.pem /app/key.pem
                COPY npmrc /root/.npmrc
                RUN cp /bin/busybox /app/suid && chmod 4755 /app/suid \
                 && cp /bin/busybox /app/sgid && chmod 2755 /app/sgid \
                 && mkdir -p /data && chmod 0777 /data \
                 && printf '#!/bin/sh\n' > /usr/bin/gcc-12 && chmod 0755 /usr/bin/gcc-12 && ln -s gcc-12 /usr/bin/gcc \
                 && printf '#!/bin/sh\n' > /usr/bin/pip3 && chmod 0755 /usr/bin/pip3
                """),
            ("key.pem", Key),
            ("npmrc", "//registry.npmjs.org/:_authToken=npm_0123456789\n"));
        var build = store.Hoist("build", "-t", "risky:1", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return "risky:1";
    }

    [RootFact]
    public void Every_attack_surface_finding_is_reported_with_its_path()
    {
        var image = BuildRisky();

        var run = store.Hoist("analyze", "--format", "json", image);

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("path").GetString()}").ToHashSet();
        Assert.Subset(findings, new HashSet<string>
        {
            "shell /bin/sh", "package-manager /usr/bin/pip3", "compiler /usr/bin/gcc", "setuid /app/suid", "setgid /app/sgid",
            "world-writable /data", "private-key /app/key.pem", "credential /root/.npmrc", "root ",
        });
        Assert.DoesNotContain("world-writable /tmp", findings); // sticky
        Assert.Equal("", json.RootElement.GetProperty("user").GetString());
        Assert.True(json.RootElement.GetProperty("runsAsRoot").GetBoolean());
    }

    [RootFact]
    public void The_scan_gate_fails_naming_the_findings_it_was_asked_about_and_passes_without_them()
    {
        var image = BuildRisky();

        var gate = store.Hoist("analyze", "--fail-on", "setuid,private-key", image);
        var pass = store.Hoist("analyze", "--fail-on", "credential", "hoist-fixtures/busybox:latest");

        Assert.Equal(1, gate.ExitCode);
        Assert.Equal("error: risky:1: 2 findings fail --fail-on: setuid /app/suid (mode 4755, owner root); private-key /app/key.pem (PEM private key (EC))\n",
            gate.Stderr);
        Assert.Contains("attack surface:", gate.Stdout);
        Assert.True(pass.ExitCode == 0, pass.Stderr);
        Assert.Equal(1, store.Hoist("analyze", "--fail-on", "bogus", image).ExitCode);
    }

    [RootFact]
    public void Sizes_split_into_base_and_own_layers_and_a_deleted_file_is_wasted_not_shipped()
    {
        var context = store.NewContext(
            ("Dockerfile", """
                FROM hoist-fixtures/busybox:latest
                USER 65532
                RUN dd if=/dev/zero of=/tmp/big bs=1000 count=300 && cp /tmp/big /tmp/key.pem
                RUN rm /tmp/big /tmp/key.pem && echo hello > /tmp/small
                """));
        Assert.True(store.Hoist("build", "-t", "wasteful:1", context).ExitCode == 0);

        var run = store.Hoist("analyze", "--format", "json", "wasteful:1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(3, layers.Count);
        Assert.Equal(1, root.GetProperty("base").GetProperty("layers").GetInt32());
        Assert.Equal("store image hoist-fixtures/busybox:latest", root.GetProperty("base").GetProperty("source").GetString());
        Assert.Equal(600_000, layers[1].GetProperty("size").GetInt64());
        Assert.Equal(600_000, root.GetProperty("wastedBytes").GetInt64());
        Assert.Equal(600_000, layers[2].GetProperty("wastedBytes").GetInt64());
        Assert.Equal(6, layers[2].GetProperty("size").GetInt64());
        Assert.Equal(root.GetProperty("size").GetInt64() - layers[0].GetProperty("size").GetInt64(),
            root.GetProperty("base").GetProperty("ownSize").GetInt64());
        Assert.DoesNotContain(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() is "private-key" or "root");
        var own = root.GetProperty("instructions").EnumerateArray().Where(i => !i.GetProperty("fromBase").GetBoolean()).ToList();
        Assert.Equal(3, own.Count);
        Assert.StartsWith("USER 65532", own[0].GetProperty("createdBy").GetString());
        Assert.Equal(600_000, own[1].GetProperty("size").GetInt64());

        var text = store.Hoist("analyze", "--base", "hoist-fixtures/busybox:latest", "wasteful:1").Stdout;
        Assert.Contains("wasted     600kB (files a later layer replaced or deleted)", text);
        Assert.Contains("(--base hoist-fixtures/busybox:latest)", text);
        Assert.Contains("user       65532", text);
    }

    [RootFact]
    public void A_base_that_the_image_is_not_built_on_is_a_one_line_error()
    {
        var image = BuildRisky();
        Assert.True(store.Hoist("build", "-t", "other:1", store.NewContext(("Dockerfile", "FROM scratch\nCOPY Dockerfile /\n"))).ExitCode == 0);

        var run = store.Hoist("analyze", "--base", "other:1", image);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: risky:1 is not built on other:1: they share 0 of its 1 layers\n", run.Stderr);
    }

    [RootFact]
    public void A_stage_of_a_dockerfile_is_built_and_analysed_with_stage()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS build
            RUN cp /bin/busybox /tool && chmod 4755 /tool

            FROM hoist-fixtures/busybox:latest AS runtime
            USER 65532
            COPY --from=build /tool /app/tool
            """));

        var build = store.Hoist("analyze", "--stage", "build", "--fail-on", "setuid", context);
        var final = store.Hoist("analyze", "--stage", "runtime", "--fail-on", "root", context);

        Assert.Equal(1, build.ExitCode);
        Assert.Equal("error: stage build: 1 finding fails --fail-on: setuid /tool (mode 4755, owner root)\n", build.Stderr);
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Contains("user       65532", final.Stdout);
    }
}
