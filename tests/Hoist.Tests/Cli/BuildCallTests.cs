namespace Hoist.Tests.Cli;

/// <summary>
/// <c>hoist build --call=check</c> as buildx runs BuildKit's lint subrequest: exit status 1 when BuildKit's rules found
/// anything (unless <c>ignorestatus=true</c>), <c>lint</c> as another name for <c>check</c>; and the buildError of
/// <c>format=json</c> as BuildKit writes it, the cause without a file prefix and with its line.
/// </summary>
public sealed class BuildCallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-call-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Context(string dockerfile)
    {
        var context = Path.Combine(_root, "context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        return context;
    }

    [Theory]
    [InlineData("--call=check", 1)]
    [InlineData("--check", 1)]
    [InlineData("--call=lint", 1)]
    [InlineData("--call=check,format=json", 1)]
    [InlineData("--call=check,ignorestatus=true", 0)]
    [InlineData("--call=check,format=json,ignorestatus=1", 0)]
    public void A_check_with_findings_exits_1_unless_told_to_ignore_the_status(string call, int exit)
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", call, Context("FROM scratch\nCMD x\n"));

        Assert.True(exit == run.ExitCode, run.Error);
        Assert.Contains("JSONArgsRecommended", run.Output);
    }

    [Fact]
    public void A_check_without_BuildKit_findings_exits_0()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=check", Context("FROM scratch\nCMD [\"x\"]\n"));

        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public void A_bad_ignorestatus_value_is_refused_in_buildxs_words()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=check,ignorestatus=maybe", Context("FROM scratch\n"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("invalid ignorestatus print value: maybe", run.Error);
    }

    [Fact]
    public void The_json_build_error_is_the_cause_at_its_line()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=check,format=json", Context("FROM scratch\nBADCMD\n"));

        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var error = json.RootElement.GetProperty("buildError");
        Assert.Equal("unknown instruction \"BADCMD\"", error.GetProperty("message").GetString());
        Assert.Equal(2, error.GetProperty("location").GetProperty("ranges")[0].GetProperty("start").GetProperty("line").GetInt32());
    }

    /// <summary>BuildKit's testTargetsList Dockerfile (frontend/dockerfile/dockerfile_targets_test.go, Apache-2.0).</summary>
    private const string TargetsDockerfile =
        "\n# build defines stage for compiling the binary\nFROM alpine AS build\nRUN true\n\nFROM busybox as second\nRUN false\n\n" +
        "FROM alpine\nRUN false\n\n# binary returns the compiled binary\nFROM second AS binary\n";

    [Fact]
    public void Targets_are_listed_as_buildx_prints_BuildKits_list()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets", Context(TargetsDockerfile));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            "TARGET           DESCRIPTION\nbuild            defines stage for compiling the binary\nsecond           \n                 \n" +
            "binary (default) returns the compiled binary\n", run.Output);
    }

    [Fact]
    public void Targets_as_json_are_BuildKits_result()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets,format=json", Context(TargetsDockerfile));

        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(["build", "second", "", "binary"], targets.Select(t => t.TryGetProperty("name", out var n) ? n.GetString() : ""));
        Assert.Equal(["alpine", "busybox", "alpine", "second"], targets.Select(t => t.GetProperty("base").GetString()));
        Assert.Equal([3, 6, 9, 13], targets.Select(t => t.GetProperty("location").GetProperty("ranges")[0].GetProperty("start").GetProperty("line").GetInt32()));
        Assert.True(targets[3].GetProperty("default").GetBoolean());
        Assert.False(targets[0].TryGetProperty("default", out _));
        Assert.Equal("returns the compiled binary", targets[3].GetProperty("description").GetString());
        Assert.Equal(TargetsDockerfile, System.Text.Encoding.UTF8.GetString(json.RootElement.GetProperty("sources")[0].GetBytesFromBase64()));
    }

    /// <summary>
    /// BuildKit lists targets from the parsed instructions alone (ListTargets): nothing is expanded (an ENV that cannot
    /// be, a blank base), a stage name twice is listed twice, names are lower-cased, and a FROM over two lines has one
    /// location range per line. Output recorded from BuildKit v0.25.2. Exposed by moby/buildkit's parser testfile
    /// "env" and frontend/dockerfile/cmd/dockerfile-frontend/Dockerfile (Apache-2.0).
    /// </summary>
    [Fact]
    public void Targets_are_listed_from_the_instructions_without_expanding_or_resolving_them()
    {
        const string dockerfile = "ARG BASE\n# Build compiles\nFROM ${BASE} AS Build\nENV A='a\\'b'\nFROM --platform=$BUILDPLATFORM \\\n  scratch AS build\n";

        var text = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets", Context(dockerfile));
        var json = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets,format=json", Context(dockerfile));

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Equal("TARGET          DESCRIPTION\nbuild           \nbuild (default) \n", text.Output);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        var targets = document.RootElement.GetProperty("targets");
        Assert.Equal(
            "[{\"name\":\"build\",\"base\":\"${BASE}\",\"location\":{\"ranges\":[{\"start\":{\"line\":3},\"end\":{\"line\":3}}]}}," +
            "{\"name\":\"build\",\"default\":true,\"base\":\"scratch\",\"platform\":\"$BUILDPLATFORM\",\"location\":{\"ranges\":" +
            "[{\"start\":{\"line\":5},\"end\":{\"line\":5}},{\"start\":{\"line\":6},\"end\":{\"line\":6}}]}}]",
            System.Text.Json.JsonSerializer.Serialize(targets));
    }

    [Fact]
    public void A_file_of_global_ARGs_alone_has_no_targets()
    {
        var text = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets", Context("ARG A=1\n"));
        var json = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=targets,format=json", Context("ARG A=1\n"));

        Assert.True(json.ExitCode == 0, json.Error);
        Assert.Equal("TARGET DESCRIPTION\n", text.Output);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, document.RootElement.GetProperty("targets").ValueKind);
    }

    /// <summary>A secret's location is its RUN's, one range per line, as BuildKit v0.25.2 gave for
    /// tonistiigi/go-actions-cache's Dockerfile (MIT; vendored in moby/buildkit), whose RUN spans six lines.</summary>
    [Fact]
    public void An_outline_secret_of_a_RUN_over_several_lines_has_a_range_per_line()
    {
        const string dockerfile = "FROM scratch\nRUN --mount=type=secret,id=token \\\n    --mount=type=ssh \\\n    true\n";

        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=outline,format=json", Context(dockerfile));

        Assert.True(run.ExitCode == 0, run.Error);
        using var document = System.Text.Json.JsonDocument.Parse(run.Output);
        const string ranges = "{\"ranges\":[{\"start\":{\"line\":2},\"end\":{\"line\":2}},{\"start\":{\"line\":3},\"end\":{\"line\":3}},{\"start\":{\"line\":4},\"end\":{\"line\":4}}]}";
        Assert.Equal(ranges, System.Text.Json.JsonSerializer.Serialize(document.RootElement.GetProperty("secrets")[0].GetProperty("location")));
        Assert.Equal(ranges, System.Text.Json.JsonSerializer.Serialize(document.RootElement.GetProperty("ssh")[0].GetProperty("location")));
    }

    /// <summary>An ARG's location is its instruction's, one range per line (BuildKit's node location), global or not.</summary>
    [Fact]
    public void An_outline_ARG_over_several_lines_has_a_range_per_line()
    {
        const string dockerfile = "ARG G=1 \\\n  H=2\nFROM scratch${G}\nARG A=1 \\\n  B=2\n";

        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=outline,format=json", Context(dockerfile));

        Assert.True(run.ExitCode == 0, run.Error);
        using var document = System.Text.Json.JsonDocument.Parse(run.Output);
        var args = document.RootElement.GetProperty("args").EnumerateArray()
            .Select(a => (a.GetProperty("name").GetString(), string.Join(",", a.GetProperty("location").GetProperty("ranges").EnumerateArray()
                .Select(r => $"{r.GetProperty("start").GetProperty("line").GetInt32()}-{r.GetProperty("end").GetProperty("line").GetInt32()}"))));
        Assert.Equal([("G", "1-1,2-2"), ("A", "4-4,5-5"), ("B", "4-4,5-5")], args);
    }

    /// <summary>containerd's integration/images/volume-copy-up/Dockerfile_windows (Apache-2.0) as BuildKit v0.25.2 answered:
    /// the outline of a FROM $BASE without a value fails, the targets list shows it as written.</summary>
    [Fact]
    public void An_outline_refuses_a_blank_base_as_BuildKit_does()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=outline", Context("ARG BASE\nFROM $BASE\n"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("base name ($BASE) should not be blank", run.Error);
    }

    /// <summary>docker-library/golang's windows/nanoserver Dockerfiles (BSD-3-Clause) under <c># escape=`</c>: BuildKit
    /// v0.25.2 quotes the relative workdir as Go's %q does, backslashes doubled.</summary>
    [Fact]
    public void A_relative_windows_workdir_is_quoted_as_BuildKit_quotes_it()
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=check,format=json", Context("# escape=`\nFROM scratch\nWORKDIR C:\\go\n"));

        using var document = System.Text.Json.JsonDocument.Parse(run.Output);
        var warning = document.RootElement.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("ruleName").GetString() == "WorkdirRelativePath");
        Assert.Equal("Relative workdir \"C:\\\\go\" can have unexpected results if the base image changes", warning.GetProperty("detail").GetString());
    }

    /// <summary>BuildKit's outline tests (frontend/dockerfile/dockerfile_outline_test.go, Apache-2.0): Dockerfile, build
    /// args, target and the text buildx printed for them with BuildKit v0.25.2.</summary>
    public static TheoryData<string, string, string> OutlineCases() => new()
    {
        { "\nARG inherited=box\nARG inherited2=box2\nARG unused=abc${inherited2}\n# sfx is a suffix\nARG sfx=\"usy${inherited}\"\n\nFROM b${sfx} AS first\n# this is not assigned to anything\nARG FOO=123\n# BAR is a number\nARG BAR=456\nRUN true\n\nFROM alpine${unused} AS second\nARG BAZ\nRUN true\n\nFROM scratch AS third\nARG ABC=a\n# check=skip=all\nARG password\n# alternate_password will show up in the outline\n# check=skip=all\nARG alternate_password\n\n# target defines build target\nFROM third AS target\nCOPY --from=first /etc/passwd /\n\nFROM second\n", "--target=target,BAR=678", "TARGET:      target\nDESCRIPTION: defines build target\n\nBUILD ARG            VALUE    DESCRIPTION\ninherited            box      \nsfx                  usybox   is a suffix\nFOO                  123      \nBAR                  678      is a number\nABC                  a        \npassword                      \nalternate_password            will show up in the outline\n\n" },
        { "\nFROM busybox AS first\nRUN --mount=type=secret,target=/etc/passwd,required=true --mount=type=ssh true\n\nFROM alpine AS second\nRUN --mount=type=secret,id=unused --mount=type=ssh,id=ssh2 true\n\nFROM scratch AS third\nARG BAR\nRUN --mount=type=secret,id=second${BAR} true\n\nFROM third AS target\nCOPY --from=first /foo /\nRUN --mount=type=ssh,id=ssh3,required true\n\nFROM second\n", "--target=target,BAR=678", "TARGET: target\n\nBUILD ARG   VALUE   DESCRIPTION\nBAR         678     \n\nSECRET      REQUIRED\npasswd      true\nsecond678   \n\nSSH       REQUIRED\ndefault   \nssh3      true\n\n" },
        { "\nARG FOO=123\nARG ABC=abc\nARG DEF=def\nARG FOO=${FOO}${ABC}\nARG BAR=${FOO}456\nARG FOO=${FOO}456${BAR}\nFROM scratch\nARG FOO\nARG INFOO=123\nARG INBAR=${INFOO}456\nARG INFOO=${INFOO}456${INBAR}\n", "", "BUILD ARG   VALUE                DESCRIPTION\nABC         abc                  \nBAR         123abc456            \nFOO         123abc456123abc456   \nINBAR       123456               \nINFOO       123456123456         \n\n" },
        // Recorded with BuildKit v0.25.2 (not one of its tests): a platform ARG without a default is left out.
        { "\nFROM scratch\nARG TARGETARCH\nARG TARGETOS=plan9\nARG BUILDPLATFORM\nARG V=1\n", "", "BUILD ARG   VALUE   DESCRIPTION\nTARGETOS    plan9   \nV           1       \n\n" },
        // moby/buildkit's frontend/dockerfile/cmd/dockerfile-frontend/Dockerfile (Apache-2.0), cut down: a stage's
        // `ARG TARGETPLATFORM` takes the predefined value and is no build arg of the outline.
        { "ARG GO_VERSION=1.26\nFROM scratch AS base\nARG GO_VERSION\nFROM base AS build\nARG TARGETPLATFORM\nARG BUILDTAGS\nRUN echo $TARGETPLATFORM\n", "", "TARGET: build\n\nBUILD ARG    VALUE   DESCRIPTION\nGO_VERSION   1.26    \nBUILDTAGS            \n\n" },
    };

    [Theory]
    [MemberData(nameof(OutlineCases))]
    public void The_outline_is_printed_as_buildx_prints_BuildKits(string dockerfile, string flags, string expected)
    {
        string[] args = flags.Length == 0 ? [] : ["--target", "target", "--build-arg", "BAR=678"];
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), ["build", "--call=outline", .. args, Context(dockerfile)]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(expected, run.Output);
    }
}
