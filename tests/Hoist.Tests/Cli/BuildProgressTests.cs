using System.Text.Json;
using Hoist.Building.Engine;
using Hoist.Cli;
using Hoist.Oci;

namespace Hoist.Tests.Cli;

/// <summary>The build progress renderers fed fake events: plain, tty (frames with a fake clock) and rawjson.</summary>
public sealed class BuildProgressTests
{
    private static readonly BuildStep From = new(1, "[build 1/2] FROM busybox", "build", 1);
    private static readonly BuildStep Make = new(2, "[build 2/2] RUN make", "build", 2);

    private static BuildResult Result()
    {
        var stage = new StageSummary("build", 0, 2, 1000, 3000) { BaseLayers = 1, BaseUncompressedSize = 2000 };
        return new BuildResult
        {
            ImageId = Digest.Parse("sha256:" + new string('1', 64)),
            ManifestDigest = Digest.Parse("sha256:" + new string('2', 64)),
            Names = [ImageReference.Parse("app:1")],
            Final = stage,
            Stages = [stage],
            Elapsed = TimeSpan.FromSeconds(2.5),
        };
    }

    [Fact]
    public void Plain_prints_a_pull_status_under_its_from_step_without_a_timestamp()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new PlainProgress(writer, quiet: false);
        progress.StepStarted(From);
        progress.StepStatus(From, "resolve docker.io/library/busybox:latest@sha256:abc 0.4s done");
        progress.StepCompleted(From, TimeSpan.FromSeconds(0.4));

        Assert.Equal("#1 [build 1/2] FROM busybox\n#1 resolve docker.io/library/busybox:latest@sha256:abc 0.4s done\n#1 DONE 0.4s\n\n",
            writer.ToString());
    }

    [Fact]
    public void Plain_prints_buildkit_lines_and_numbers_steps_after_the_build_after_the_last_seen()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new PlainProgress(writer, quiet: false);
        progress.StepStarted(Make);
        progress.StepOutput(Make, "compiling");
        progress.StepCompleted(Make, TimeSpan.FromSeconds(1.2));
        var export = progress.NewStep("exporting to image");
        progress.BuildSucceeded(Result());

        Assert.Equal(3, export.Id);
        var text = writer.ToString();
        Assert.StartsWith("#2 [build 2/2] RUN make\n#2 ", text);
        Assert.Contains(" compiling\n#2 DONE 1.2s\n", text);
        Assert.Contains("named    app:1\n", text);
        Assert.Matches(@"size     \S+ \(\S+ compressed\), 2 layers: base \S+ in 1, own \S+ in 1\n", text);
    }

    [Fact]
    public void Plain_output_times_count_from_the_start_of_their_step_as_buildkit_prints_them()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new PlainProgress(writer, quiet: false);
        progress.StepStarted(From);
        Thread.Sleep(600); // the build has run for a while when the next step starts
        progress.StepStarted(Make);
        progress.StepOutput(Make, "compiling");

        var time = double.Parse(System.Text.RegularExpressions.Regex.Match(writer.ToString(), @"#2 (\d+\.\d{3}) compiling").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, 0, 0.5);
    }

    [Fact]
    public void A_cached_step_is_shown_as_buildkit_shows_it_in_every_renderer()
    {
        var plain = new StringWriter { NewLine = "\n" };
        IBuildEvents events = new PlainProgress(plain, quiet: false);
        events.StepStarted(Make);
        events.StepCached(Make);
        Assert.Equal("#2 [build 2/2] RUN make\n#2 CACHED\n\n", plain.ToString());

        var tty = new TtyProgress(new StringWriter(), width: 60, clock: () => TimeSpan.FromSeconds(1), live: false);
        events = tty;
        events.StepStarted(Make);
        events.StepCached(Make);
        Assert.Matches(@"^ => CACHED \[build 2/2\] RUN make +0\.0s\n\[\+\] Building 1\.0s \(1/1\)\n$", tty.Frame());

        var json = new StringWriter { NewLine = "\n" };
        events = new RawJsonProgress(json, () => TimeSpan.Zero);
        events.StepCached(Make);
        Assert.Equal("step-cached", JsonDocument.Parse(json.ToString()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void A_missed_step_says_why_in_every_renderer()
    {
        var plain = new StringWriter { NewLine = "\n" };
        IBuildEvents events = new PlainProgress(plain, quiet: false);
        events.StepStarted(Make);
        events.StepMissed(Make, "src/app.js changed");
        Assert.Equal("#2 [build 2/2] RUN make\n#2 MISS src/app.js changed\n", plain.ToString());

        var tty = new TtyProgress(new StringWriter(), width: 60, clock: () => TimeSpan.FromSeconds(1), live: false);
        events = tty;
        events.StepStarted(Make);
        events.StepMissed(Make, "src/app.js changed");
        Assert.Contains("\n => => MISS src/app.js changed\n", tty.Frame());
        events.StepCompleted(Make, TimeSpan.FromSeconds(0.5));
        Assert.Matches(@"\n? => \[build 2/2\] RUN make +0\.5s\n => => MISS src/app\.js changed\n\[\+\]", tty.Frame());

        var json = new StringWriter { NewLine = "\n" };
        events = new RawJsonProgress(json, () => TimeSpan.Zero);
        events.StepStarted(Make);
        events.StepMissed(Make, "build arg V changed");
        events.StepCompleted(Make, TimeSpan.FromSeconds(1));
        var lines = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.False(JsonDocument.Parse(lines[0]).RootElement.TryGetProperty("miss", out _));
        Assert.Equal("build arg V changed", JsonDocument.Parse(lines[1]).RootElement.GetProperty("miss").GetString());
    }

    [Fact]
    public void Quiet_prints_nothing_but_a_failure()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new PlainProgress(writer, quiet: true);
        progress.StepStarted(Make);
        progress.StepCompleted(Make, TimeSpan.FromSeconds(1));
        progress.BuildSucceeded(Result());
        Assert.Equal("", writer.ToString());
        progress.BuildFailed(new BuildStepException(Make, "Dockerfile", "exit code: 2", ["oops"]), "Dockerfile");
        Assert.Equal("ERROR: failed to build: [build 2/2] RUN make: exit code: 2\n------\n > oops\n------\nDockerfile:2\n", writer.ToString());
    }

    [Fact]
    public void Tty_shows_running_steps_with_elapsed_time_and_the_last_lines_then_scrolls_finished_ones_up()
    {
        var now = TimeSpan.Zero;
        var progress = new TtyProgress(new StringWriter(), width: 60, clock: () => now, live: false);
        progress.StepStarted(From);
        progress.StepCompleted(From, TimeSpan.FromSeconds(0.1));
        progress.StepStarted(Make);
        for (var i = 1; i <= 9; i++) progress.StepOutput(Make, $"line {i}\r\e[31m");
        now = TimeSpan.FromSeconds(3.2);

        var lines = progress.Frame().Split('\n')[..^1];
        Assert.Equal(3 + TtyProgress.TailLines, lines.Length);
        Assert.Matches(@"^ => \[build 1/2\] FROM busybox +0\.1s$", lines[0]);
        Assert.Equal("[+] Building 3.2s (1/2)", lines[1]);
        Assert.Matches(@"^ => \[build 2/2\] RUN make +3\.2s$", lines[2]);
        // the last six lines, control characters blanked
        Assert.Equal(" => => # line 4  [31m", lines[3]);
        Assert.StartsWith(" => => # line 9", lines[^1]);
        Assert.All(lines, l => Assert.True(l.Length < 60, l));

        progress.StepCompleted(Make, TimeSpan.FromSeconds(3.5));
        var next = progress.Frame();
        // erase the 8 live lines drawn before, print the finished step, redraw a live area of just the header
        Assert.StartsWith("\r\e[8A\e[J => [build 2/2] RUN make", next);
        Assert.EndsWith("3.5s\n[+] Building 3.2s (2/2)\n", next);
        Assert.Equal("\r\e[1A\e[J[+] Building 3.2s (2/2) FINISHED\n", progress.Frame(final: true));
    }

    [Fact]
    public void Tty_header_total_is_the_planned_count_from_the_start_not_the_steps_started_so_far()
    {
        var progress = new TtyProgress(new StringWriter(), width: 60, clock: () => TimeSpan.FromSeconds(1), live: false);
        IBuildEvents events = progress;
        events.StepsPlanned(5);
        events.StepStarted(From);

        Assert.EndsWith("[+] Building 1.0s (0/5)", progress.Frame().Split('\n')[0]);
        events.StepCompleted(From, TimeSpan.Zero);
        events.StepStarted(Make);
        Assert.Contains("\n[+] Building 1.0s (1/5)\n", progress.Frame());
        events.StepsPlanned(2); // the exports, announced when they start
        events.StepCompleted(Make, TimeSpan.Zero);
        Assert.Contains("[+] Building 1.0s (2/7)\n", progress.Frame());
    }

    [Fact]
    public void Tty_cuts_long_titles_to_the_terminal_width_and_ends_with_the_summary()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new TtyProgress(writer, width: 40, clock: () => TimeSpan.FromSeconds(1), live: false);
        var step = new BuildStep(1, "[1/1] RUN " + new string('x', 100), "", 1);
        progress.StepStarted(step);
        Assert.All(progress.Frame().Split('\n'), l => Assert.True(l.Length <= 39, l));
        progress.StepCompleted(step, TimeSpan.FromSeconds(1));
        progress.BuildSucceeded(Result());
        var text = writer.ToString();
        Assert.Contains("FINISHED\n", text);
        Assert.Contains("image    sha256:1111", text);
    }

    [Fact]
    public void Rawjson_writes_one_object_per_event_and_a_result()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new RawJsonProgress(writer, () => TimeSpan.FromSeconds(1.5));
        progress.StepStarted(Make);
        progress.StepOutput(Make, "cc -o app <main.c>");
        progress.StepFailed(Make, TimeSpan.FromSeconds(0.25), "exit code: 1");
        var export = progress.NewStep("exporting to image");
        progress.StepStarted(export);
        progress.BuildSucceeded(Result());
        progress.BuildFailed(new BuildStepException(Make, "Dockerfile", "exit code: 1", ["a", "b"]), "Dockerfile");

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["step-started", "step-output", "step-failed", "step-started", "result", "build-failed"],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("""{"type":"step-started","time":1.5,"step":2,"title":"[build 2/2] RUN make","stage":"build","line":2}""", lines[0]);
        Assert.Contains("\"text\":\"cc -o app <main.c>\"", lines[1]);
        Assert.Equal(0.25, events[2].GetProperty("elapsed").GetDouble());
        Assert.Equal("exit code: 1", events[2].GetProperty("error").GetString());
        Assert.Equal(3, events[3].GetProperty("step").GetInt32());
        Assert.False(events[3].TryGetProperty("line", out _));
        Assert.Equal("sha256:" + new string('1', 64), events[4].GetProperty("imageId").GetString());
        Assert.Equal("docker.io/library/app:1", events[4].GetProperty("names")[0].GetString());
        Assert.True(events[4].GetProperty("stages")[0].GetProperty("final").GetBoolean());
        Assert.Equal(["a", "b"], events[5].GetProperty("lastLines").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Rawjson_writes_a_phase_event_with_its_step_and_duration()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var progress = new RawJsonProgress(writer, () => TimeSpan.FromSeconds(2));
        progress.PhaseCompleted(new BuildPhase(BuildPhases.Unpack, Make, System.Diagnostics.Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(0.5), 1));
        Assert.Equal("""{"type":"phase","time":2,"step":2,"phase":"unpack","elapsed":0.5}""", writer.ToString().Trim());
    }

    [Fact]
    public void A_trace_has_each_step_as_a_row_holding_its_phases_in_chrome_trace_format()
    {
        var progress = new PlainProgress(new StringWriter(), quiet: true) { Trace = new ChromeTrace() };
        progress.StepStarted(Make);
        progress.PhaseCompleted(new BuildPhase(BuildPhases.Container, Make, System.Diagnostics.Stopwatch.GetTimestamp(), TimeSpan.FromMilliseconds(3), 1));
        progress.StepCompleted(Make, TimeSpan.FromSeconds(1));
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.json");
        try
        {
            progress.Trace.Write(path);
            using var trace = JsonDocument.Parse(File.ReadAllText(path));
            var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal("X", e.GetProperty("ph").GetString()));
            Assert.All(events, e => Assert.Equal(2, e.GetProperty("tid").GetInt32()));
            var container = events.Single(e => e.GetProperty("name").GetString() == "container");
            Assert.Equal(3000, container.GetProperty("dur").GetDouble());
            var step = events.Single(e => e.GetProperty("cat").GetString() == "step");
            Assert.Equal("[build 2/2] RUN make", step.GetProperty("name").GetString());
            Assert.True(step.GetProperty("ts").GetDouble() <= container.GetProperty("ts").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
