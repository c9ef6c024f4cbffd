using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// The real binary says why each step missed the cache (<c>#N MISS …</c> in plain progress, <c>miss</c> in rawjson),
/// relative to the last build of the same step: a changed file by name, a changed build arg by name (never its value),
/// a changed base image with both digests, a changed instruction.
/// </summary>
public sealed class MissExplanationTests(BuildStore store) : IClassFixture<BuildStore>
{
    private string Build(string context, params string[] extra) => PlainBuild.Run(store, context, extra).Stderr;

    /// <summary>The MISS line of the step whose title contains <paramref name="text"/>; null when it has none.</summary>
    private static string? Miss(string stderr, string text)
    {
        var step = Regex.Matches(stderr, @"^#(\d+) (\[.*)$", RegexOptions.Multiline).First(m => m.Groups[2].Value.Contains(text, StringComparison.Ordinal));
        var miss = Regex.Match(stderr, $@"^#{step.Groups[1].Value} MISS (.*)$", RegexOptions.Multiline);
        return miss.Success ? miss.Groups[1].Value : null;
    }

    private static string StepNumber(string stderr, string text) =>
        Regex.Matches(stderr, @"^#(\d+) (\[.*)$", RegexOptions.Multiline).First(m => m.Groups[2].Value.Contains(text, StringComparison.Ordinal)).Groups[1].Value;

    [RootFact]
    public void A_changed_file_is_named_and_the_step_after_it_names_its_parent()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nCOPY app/ /app/\nRUN cat /app/main.js > /out\n"),
            ("app/main.js", "one\n"), ("app/util.js", "util\n"));
        var first = Build(context);
        Assert.Equal("first build", Miss(first, "COPY app/"));

        File.WriteAllText(Path.Combine(context, "app", "main.js"), "two\n");
        var second = Build(context);

        Assert.Equal("app/main.js changed", Miss(second, "COPY app/"));
        Assert.Equal($"parent step #{StepNumber(second, "COPY app/")} changed", Miss(second, "RUN cat"));
        Assert.Null(Miss(Build(context), "COPY app/")); // warm: CACHED, no MISS line
    }

    [RootFact]
    public void A_changed_build_arg_is_named_and_its_value_is_never_shown_or_stored()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nARG TOKEN\nRUN test -n \"$TOKEN\" && echo ok > /out\n"));
        Build(context, "--build-arg", "TOKEN=hunter2-first");

        var second = Build(context, "--build-arg", "TOKEN=hunter2-second");

        Assert.Equal("build arg TOKEN changed", Miss(second, "RUN test"));
        Assert.DoesNotContain("hunter2", second, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(store.Root, "explain"), "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("hunter2", StringComparison.Ordinal));
    }

    [RootFact]
    public void A_changed_base_image_names_the_old_and_new_digests()
    {
        var tar = Path.Combine(FixtureImages.CacheDirectory(), "busybox-rootfs.tar");
        var import = store.Hoist("import", tar, "test/miss-base:1");
        Assert.True(import.ExitCode == 0, import.Stderr);
        var context = store.NewContext(("Dockerfile", "FROM test/miss-base:1\nRUN echo built > /out\n"));
        Build(context);
        import = store.Hoist("import", "--change", "LABEL rebuilt=yes", tar, "test/miss-base:1"); // another digest, same files and env
        Assert.True(import.ExitCode == 0, import.Stderr);

        var second = Build(context);

        Assert.Matches(@"^base image changed \(\S*test/miss-base:1@sha256:[0-9a-f]{12} → \S*test/miss-base:1@sha256:[0-9a-f]{12}\)$",
            Miss(second, "RUN echo built"));
        import = store.Hoist("import", "--change", "ENV FROM_BASE=2", tar, "test/miss-base:1");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.StartsWith("env FROM_BASE added, base image changed (", Miss(Build(context), "RUN echo built")); // the RUN sees the new ENV
    }

    [RootFact]
    public void A_changed_instruction_says_so_in_plain_and_in_rawjson()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN echo one > /out\n"));
        Build(context);
        var dockerfile = Path.Combine(context, "Dockerfile");
        File.WriteAllText(dockerfile, "FROM hoist-fixtures/busybox:latest\nRUN echo two > /out\n");

        Assert.Equal("instruction changed", Miss(Build(context), "RUN echo"));

        File.WriteAllText(dockerfile, "FROM hoist-fixtures/busybox:latest\nRUN echo three > /out\n");
        var json = store.Hoist("build", "--progress", "rawjson", context);
        Assert.True(json.ExitCode == 0, json.Stderr);
        var completed = json.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("type").GetString() == "step-completed" && e.GetProperty("title").GetString()!.Contains("RUN echo", StringComparison.Ordinal));
        Assert.Equal("instruction changed", completed.GetProperty("miss").GetString());
    }
}
