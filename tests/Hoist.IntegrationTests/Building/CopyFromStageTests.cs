namespace Hoist.IntegrationTests.Building;

/// <summary>
/// BuildKit's COPY behaviour across stages and onto an existing stage (issue 15 items 3, 4, 9): extended attributes
/// such as the file capabilities setcap sets survive <c>COPY --from</c>; a destination that is a symlink is written
/// through; a COPY from a stage rebuilt with byte-identical files hits the cache and the image does not change.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CopyFromStageTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("hoist-copy-from-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string BuildToLocal(string context)
    {
        var destination = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        var build = store.Hoist("build", "--progress", "plain", "-o", $"type=local,dest={destination}", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return destination;
    }

    /// <summary>The host's setcap with the libraries it loads, copied into a busybox stage.</summary>
    private static void AddSetcap(string context)
    {
        foreach (var file in new[] { "/usr/sbin/setcap", "/lib/x86_64-linux-gnu/libcap.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2" })
        {
            var target = Path.Combine(context, "setcap-root", file.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [RootFact]
    public void COPY_from_a_stage_keeps_the_capabilities_setcap_gave_a_file_there()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS caps
            COPY setcap-root/ /
            RUN cp /bin/busybox /ping && /usr/sbin/setcap cap_net_raw+ep /ping

            FROM scratch
            COPY --from=caps /ping /bin/ping
            """));
        AddSetcap(context);

        var output = BuildToLocal(context);

        Assert.Contains("cap_net_raw=ep", HostCommand.Run("getcap", Path.Combine(output, "bin", "ping")), StringComparison.Ordinal);
    }

    [RootFact]
    public void COPY_onto_an_existing_symlink_writes_through_it_and_keeps_the_link()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM scratch
            COPY nginx/ /etc/nginx/
            COPY site.conf /etc/nginx/sites-enabled/default
            """), ("nginx/sites-available/default", "old\n"), ("site.conf", "new\n"));
        Directory.CreateDirectory(Path.Combine(context, "nginx", "sites-enabled"));
        File.CreateSymbolicLink(Path.Combine(context, "nginx", "sites-enabled", "default"), "../sites-available/default");

        var output = BuildToLocal(context);

        var link = new FileInfo(Path.Combine(output, "etc", "nginx", "sites-enabled", "default"));
        Assert.Equal("../sites-available/default", link.LinkTarget);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(output, "etc", "nginx", "sites-available", "default")));
    }

    [RootFact]
    public void COPY_from_a_stage_rebuilt_with_identical_files_hits_the_cache_and_the_image_does_not_change()
    {
        const string dockerfile = """
            FROM hoist-fixtures/busybox:latest AS build
            COPY main.src /main.src
            RUN grep -v '^#' /main.src > /app.bin

            FROM scratch
            COPY --from=build /app.bin /app.bin
            CMD ["/app.bin"]
            """;
        var context = store.NewContext(("Dockerfile", dockerfile), ("main.src", "# version 1\ncode\n"));
        var (_, image) = PlainBuild.Run(store, context);

        File.WriteAllText(Path.Combine(context, "main.src"), "# version 2: only a comment changed\ncode\n");
        var (commentOnly, same) = PlainBuild.Run(store, context);

        Assert.Equal("DONE", PlainBuild.Outcome(commentOnly, "RUN grep"));
        Assert.Equal("CACHED", PlainBuild.Outcome(commentOnly, "COPY --from=build"));
        Assert.Equal(image, same);

        File.WriteAllText(Path.Combine(context, "main.src"), "# version 2: only a comment changed\nother code\n");
        var (codeChanged, changed) = PlainBuild.Run(store, context);

        Assert.Equal("DONE", PlainBuild.Outcome(codeChanged, "COPY --from=build"));
        Assert.NotEqual(image, changed);
    }
}
