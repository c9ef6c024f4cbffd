namespace Hoist.IntegrationTests.Building;

/// <summary>
/// BuildKit's COPY/ADD behaviour end to end (issue 15): ADD extracts every compression BuildKit detects, symbolic
/// --chmod honours X, created parents never keep group/other write or setuid, and COPY mistakes fail before any step. Read back with -o type=local.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CopyModeAndArchiveTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("hoist-copy-mode-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string BuildToLocal(string context)
    {
        var destination = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        var build = store.Hoist("build", "--progress", "plain", "-o", $"type=local,dest={destination}", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return destination;
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');

    [RootFact]
    public void ADD_extracts_xz_bzip2_and_zstd_tars_by_content()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM scratch
            ADD app.tar.xz /xz/
            ADD app.tar.bz2 /bz2/
            ADD app.tar.zst /zst/
            ADD app.xz.data /named-by-content/
            """));
        var tree = Path.Combine(_scratch, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "dir"));
        File.WriteAllText(Path.Combine(tree, "dir", "hello.txt"), "hello\n");
        var tar = Path.Combine(_scratch, "app.tar");
        HostCommand.Run("tar", "-C", tree, "-cf", tar, "dir");
        HostCommand.Run("sh", "-c", $"xz -c {tar} > {context}/app.tar.xz && bzip2 -c {tar} > {context}/app.tar.bz2 "
            + $"&& zstd -q -c {tar} > {context}/app.tar.zst && cp {context}/app.tar.xz {context}/app.xz.data");

        var output = BuildToLocal(context);

        foreach (var directory in new[] { "xz", "bz2", "zst", "named-by-content" })
        {
            Assert.Equal("hello\n", File.ReadAllText(Path.Combine(output, directory, "dir", "hello.txt")));
        }
    }

    [RootFact]
    public void Symbolic_chmod_with_X_gives_0755_to_directories_and_executables_and_0644_to_other_files()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM scratch
            COPY --chmod=a=rX,u+w dir /d/
            """), ("dir/data", "data"), ("dir/sub/more", "more"), ("dir/run.sh", "#!/bin/sh\n"));
        File.SetUnixFileMode(Path.Combine(context, "dir", "run.sh"), (UnixFileMode)0b111_100_100);
        File.SetUnixFileMode(Path.Combine(context, "dir", "sub"), (UnixFileMode)0b111_000_000);

        var output = BuildToLocal(context);

        Assert.Equal("0755", Mode(Path.Combine(output, "d", "sub")));
        Assert.Equal("0755", Mode(Path.Combine(output, "d", "run.sh")));
        Assert.Equal("0644", Mode(Path.Combine(output, "d", "data")));
        Assert.Equal("0644", Mode(Path.Combine(output, "d", "sub", "more")));
    }

    [RootFact]
    public void Chmod_is_not_applied_to_the_parent_directories_COPY_creates()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM scratch
            COPY --chmod=0777 f /n/d/f
            COPY --chmod=4755 f /s/t/f
            """), ("f", "f"));

        var output = BuildToLocal(context);

        Assert.Equal("0755", Mode(Path.Combine(output, "n")));
        Assert.Equal("0755", Mode(Path.Combine(output, "n", "d")));
        Assert.Equal("0777", Mode(Path.Combine(output, "n", "d", "f")));
        Assert.Equal("0755", Mode(Path.Combine(output, "s")));
        Assert.Equal("0755", Mode(Path.Combine(output, "s", "t")));
    }

    [RootFact]
    public void COPY_of_a_URL_and_an_invalid_chmod_fail_before_any_step_runs()
    {
        foreach (var (instruction, message) in new[]
        {
            ("COPY http://127.0.0.1:1/file /file", "Dockerfile:3: source can't be a URL for COPY"),
            ("COPY --chmod=64a f /f", "Dockerfile:3: invalid chmod parameter: '64a'"),
            ("COPY --chmod=10000 f /f", "Dockerfile:3: invalid chmod parameter: '10000'"),
        })
        {
            var context = store.NewContext(("Dockerfile", $"FROM hoist-fixtures/busybox:latest\nRUN echo should-not-run\n{instruction}\n"), ("f", "f"));

            var build = store.Hoist("build", "--progress", "plain", "--no-cache", context);

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains(message, build.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("] RUN echo should-not-run", build.Stderr, StringComparison.Ordinal); // the snippet may show the line
        }
    }
}
