using System.Text.Json;
using Hoist.Cli;
using Hoist.Dockerfile.Instructions;
using Hoist.Tests.Planning;

namespace Hoist.Tests.Cli;

/// <summary>
/// <c>hoist outline</c> and <c>hoist targets</c>. End-to-end cases run the whole front end (parser, instruction
/// reader, planner) on real files; the rendering cases build the plan from typed instructions.
/// </summary>
public sealed class OutlineCommandTests : IDisposable
{
    private const string ThreeStages = """
        FROM golang:1.22 AS build
        RUN go build -o /out/app .
        FROM build AS test
        RUN go test ./...
        FROM alpine:3.20 AS runtime
        COPY --from=build /out/app /usr/local/bin/app
        """;

    private readonly string _context = Directory.CreateTempSubdirectory("hoist-outline-").FullName;

    public void Dispose() => Directory.Delete(_context, recursive: true);

    private (int Exit, string Out, string Err) Hoist(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = HoistCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string WriteDockerfile(string text, string name = "Dockerfile")
    {
        var path = Path.Combine(_context, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static InstructionList SeedInstructions() => new InstructionList()
        .From("golang:1.22", "build")
        .Run("go build -o /out/app .")
        .From("build", "test")
        .Run("go test ./...")
        .From("alpine:3.20", "runtime")
        .Arg("VERSION=dev")
        .Run("install", InstructionList.Mount(MountType.Secret, id: "npmrc", required: true),
                        InstructionList.Mount(MountType.Cache, target: "/root/.cache"))
        .Copy("/out/app", "/usr/local/bin/app", "build");

    [Fact]
    public void A_missing_Dockerfile_is_one_error_line_and_exit_code_1()
    {
        var (exit, output, error) = Hoist("outline", _context);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: failed to read Dockerfile " + Path.Combine(_context, "Dockerfile"), error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("check", "error: failed to read Dockerfile /dev/zero: longer than 64 MiB, Hoist's limit")]
    [InlineData("targets", "error: zero:1: line is longer than 16 MiB (16777216 characters), Hoist's limit")]
    public void A_Dockerfile_without_end_is_one_error_line_not_out_of_memory(string command, string expected)
    {
        // check (and build) read the file whole: -f /dev/zero ended in "Out of memory." and SIGABRT after 40 s.
        var (exit, output, error) = Hoist(command, "-f", "/dev/zero", _context);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(expected + "\n", error.Replace("\r", ""));
    }

    [Fact]
    public void A_stage_from_a_directory_context_is_outlined_without_an_image()
    {
        WriteDockerfile("FROM site AS files\nARG A=1\nFROM alpine:3.20\nCOPY --from=files / /srv/\n");

        var (exit, output, error) = Hoist("build", "--call=outline", "--build-context", "site=" + _context, _context);

        Assert.True(exit == 0, error);
        Assert.Equal("BUILD ARG   VALUE   DESCRIPTION\nA           1       \n\n", output.Replace("\r", ""));
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var (exit, _, error) = Hoist("outline", "--format", "yaml", _context);

        Assert.NotEqual(0, exit);
        Assert.Contains("yaml", error);
    }

    [Fact]
    public void Text_outline_lists_stages_in_build_order_with_dependencies_args_secrets_and_caches()
    {
        var plan = SeedInstructions().Plan(null, "VERSION=1.2", "UNUSED=x");
        var output = new StringWriter();

        OutlineRenderer.WriteText(plan, output);
        var text = output.ToString();

        Assert.Contains("TARGET:    runtime", text);
        var lines = text.Split('\n');
        var buildRow = Array.FindIndex(lines, l => l.StartsWith("build ", StringComparison.Ordinal));
        var runtimeRow = Array.FindIndex(lines, l => l.StartsWith("runtime (target)", StringComparison.Ordinal));
        Assert.True(buildRow > 0 && runtimeRow > buildRow, text);
        Assert.Contains("build (COPY --from, line 8)", lines[runtimeRow]);
        Assert.Contains("skipped (not needed by runtime): test", text);
        Assert.Matches(@"VERSION\s+1\.2\s+dev\s+build-arg\s+runtime", text);
        Assert.Matches(@"npmrc\s+true\s+runtime", text);
        Assert.Matches(@"/root/\.cache\s+/root/\.cache\s+shared\s+runtime", text);
        Assert.Contains("WARNING: build args not consumed by any ARG: UNUSED", text);
    }

    [Fact]
    public void Json_outline_has_the_pruned_graph()
    {
        var plan = SeedInstructions().Plan("test");
        var output = new StringWriter();

        OutlineRenderer.WriteJson(plan, output);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;

        Assert.Equal("test", root.GetProperty("target").GetString());
        Assert.Equal(["build", "test"], root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["runtime"], root.GetProperty("skippedStages").EnumerateArray().Select(s => s.GetString()));
        var dependency = root.GetProperty("stages")[1].GetProperty("dependsOn")[0];
        Assert.Equal("build", dependency.GetProperty("stage").GetString());
        Assert.Equal("FROM", dependency.GetProperty("reason").GetString());
        Assert.Equal("stage", root.GetProperty("stages")[1].GetProperty("baseKind").GetString());
    }

    [Fact]
    public void Targets_lists_every_stage_and_marks_the_last_as_default()
    {
        var entries = TargetsCommand.ToEntries(new InstructionList().From("alpine").From("0", "named").From("scratch", "final").Plan());

        Assert.Equal([null, "named", "final"], entries.Select(e => e.Name));
        Assert.Equal([false, false, true], entries.Select(e => e.Default));
        Assert.Equal(["image", "image", "scratch"], entries.Select(e => e.BaseKind));
    }

    [Fact]
    public void Outline_of_the_seed_Dockerfile_skips_the_test_stage_by_default()
    {
        WriteDockerfile(ThreeStages);

        var (exit, output, error) = Hoist("outline", _context);

        Assert.True(exit == 0, error);
        Assert.Contains("runtime (target)", output);
        Assert.Contains("skipped (not needed by runtime): test", output);
    }

    [Fact]
    public void Outline_with_target_test_keeps_build_and_test()
    {
        var path = WriteDockerfile(ThreeStages, "ci.Dockerfile");

        var (exit, output, error) = Hoist("outline", "-f", path, "--target", "test", "--format", "json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["build", "test"],
            json.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void Outline_reports_an_unknown_target_with_the_stage_names()
    {
        WriteDockerfile(ThreeStages);

        var (exit, _, error) = Hoist("outline", "--target", "foo", _context);

        Assert.Equal(1, exit);
        Assert.Equal("error: target stage \"foo\" could not be found; stages: build, test, runtime", error.TrimEnd());
    }

    [Fact]
    public void Outline_errors_name_the_file_and_line()
    {
        var path = WriteDockerfile("FROM alpine AS app\nCOPY --from=app /a /b\n", "app.Dockerfile");

        var (exit, _, error) = Hoist("outline", "-f", path);

        Assert.Equal(1, exit);
        Assert.StartsWith("error: app.Dockerfile:2: circular dependency detected on stage: app", error);
    }

    [Fact]
    public void Outline_build_args_change_values_and_are_reported()
    {
        WriteDockerfile("FROM alpine\nARG VERSION=dev\nRUN echo $VERSION\n");

        var (exit, output, error) = Hoist("outline", "--build-arg", "VERSION=1.0", "--build-arg", "NOPE=1", _context);

        Assert.True(exit == 0, error);
        Assert.Matches(@"VERSION\s+1\.0\s+dev\s+build-arg", output);
        Assert.Contains("NOPE", output);
    }

    [Fact]
    public void Targets_lists_the_stages_with_the_default()
    {
        WriteDockerfile(ThreeStages);

        var (exit, output, error) = Hoist("targets", _context);

        Assert.True(exit == 0, error);
        var rows = output.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Matches(@"^TARGET\s+BASE\s+PLATFORM$", rows[0]);
        Assert.Matches(@"^build\s+golang:1\.22$", rows[1]);
        Assert.Matches(@"^test\s+stage build$", rows[2]);
        Assert.Matches(@"^runtime \(default\)\s+alpine:3\.20$", rows[3]);
    }

    [Fact]
    public void Targets_and_outline_need_no_base_and_targets_takes_build_args()
    {
        WriteDockerfile("ARG BASE\nFROM $BASE AS one\nFROM one AS two\n");

        var (exit, output, error) = Hoist("targets", _context);
        var (argExit, withArg, argError) = Hoist("targets", "--build-arg", "BASE=alpine:3.20", _context);
        var (outlineExit, _, outlineError) = Hoist("outline", _context);

        Assert.True(exit == 0, error);
        Assert.Matches(@"\none\s+\$BASE\n", output.Replace("\r", ""));
        Assert.True(argExit == 0, argError);
        Assert.Matches(@"\none\s+alpine:3\.20\n", withArg);
        Assert.True(outlineExit == 0, outlineError);
    }

    [Theory]
    [InlineData("FROM alpine:", 2, "failed to parse stage name \"alpine:\": invalid reference format")]
    [InlineData("FROM golang:-alpine3.23", 2, "failed to parse stage name \"golang:-alpine3.23\": invalid reference format")]
    [InlineData("FROM :", 2, "failed to parse stage name \":\": invalid reference format")]
    [InlineData("FROM Alpine", 2, "failed to parse stage name \"Alpine\": invalid reference format: repository name (library/Alpine) must be lowercase")]
    [InlineData("FROM alpine@sha256:abc", 2, "failed to parse stage name \"alpine@sha256:abc\": invalid reference format")]
    [InlineData("FROM scratch\nCOPY --from=alpine: /a /b", 3, "failed to parse stage name \"alpine:\": invalid reference format")]
    public void A_malformed_image_reference_is_refused_at_once_with_the_line(string instructions, int line, string message)
    {
        WriteDockerfile("FROM scratch AS first\n" + instructions + "\n");

        var (exit, _, error) = Hoist("outline", _context);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: Dockerfile:{line}: {message}", error);
    }

    [Fact]
    public void Outline_and_targets_show_descriptions_and_unquoted_defaults()
    {
        WriteDockerfile("# VERSION the nginx version\nARG VERSION=\"1.27\"\n# build compiles the site\nFROM alpine:3.20 AS build\n");

        var (exit, output, error) = Hoist("outline", _context);
        var (_, json, _) = Hoist("outline", "--format", "json", _context);
        var (_, targets, _) = Hoist("targets", _context);

        Assert.True(exit == 0, error);
        Assert.Matches(@"build \(target\)\s+alpine:3\.20\s+\S+\s+-\s+compiles the site", output);
        Assert.Matches(@"VERSION\s+1\.27\s+1\.27\s+default\s+\(global\)\s+the nginx version", output);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("1.27", document.RootElement.GetProperty("globalArgs")[0].GetProperty("default").GetString());
        Assert.Equal("compiles the site", document.RootElement.GetProperty("stages")[0].GetProperty("description").GetString());
        Assert.Matches(@"build \(default\)\s+alpine:3\.20\s+compiles the site", targets);
    }

    [Fact]
    public void Targets_json_lists_every_stage()
    {
        WriteDockerfile("FROM alpine\nFROM --platform=linux/arm64 scratch AS Final\n");

        var (exit, output, error) = Hoist("targets", "--format", "json", _context);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var targets = json.RootElement.GetProperty("targets");
        Assert.Equal(2, targets.GetArrayLength());
        Assert.False(targets[0].TryGetProperty("name", out _));
        Assert.Equal("Final", targets[1].GetProperty("name").GetString());
        Assert.Equal("linux/arm64", targets[1].GetProperty("platform").GetString());
        Assert.True(targets[1].GetProperty("default").GetBoolean());
    }

    [Fact]
    public void Outline_uses_the_escape_directive_and_global_args()
    {
        WriteDockerfile("# escape=`\nARG TAG=3.20\nFROM alpine:${TAG} AS base\nRUN echo `\n  hi\n");

        var (exit, output, error) = Hoist("outline", "--format", "json", "--build-arg", "TAG=edge", _context);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("alpine:edge", json.RootElement.GetProperty("stages")[0].GetProperty("base").GetString());
    }

    [Fact]
    public void The_Dockerfile_defaults_to_CONTEXT_slash_Dockerfile_and_dash_means_stdin()
    {
        Assert.Equal(Path.Combine("ctx", "Dockerfile"), DockerfileInput.ResolvePath(null, "ctx"));
        Assert.Equal(Path.Combine(".", "Dockerfile"), DockerfileInput.ResolvePath(null, null));
        Assert.Equal("other/x.Dockerfile", DockerfileInput.ResolvePath("other/x.Dockerfile", "ctx"));

        Assert.Equal(("FROM alpine\n", "Dockerfile"), DockerfileInput.Read("-", new StringReader("FROM alpine\n")));
        var path = WriteDockerfile("FROM scratch\n", "web.Dockerfile");
        Assert.Equal(("FROM scratch\n", "web.Dockerfile"), DockerfileInput.Read(path));
    }

    [Fact]
    public void A_syntax_directive_is_reported_and_never_fetched()
    {
        WriteDockerfile("# syntax=docker/dockerfile:1.7\nFROM scratch\nCOPY a /a\n");

        var (exit, output, error) = Hoist("outline", _context);
        var (jsonExit, jsonOutput, _) = Hoist("outline", "--format", "json", _context);
        WriteDockerfile("FROM scratch\n");
        var (_, plainJson, _) = Hoist("outline", "--format", "json", _context);

        Assert.True(exit == 0, error);
        Assert.Contains("\nsyntax docker/dockerfile:1.7 requested; using Hoist's built-in frontend\n", output);
        Assert.Equal(0, jsonExit);
        using var json = JsonDocument.Parse(jsonOutput);
        Assert.Equal("docker/dockerfile:1.7", json.RootElement.GetProperty("syntax").GetString());
        using var plain = JsonDocument.Parse(plainJson);
        Assert.False(plain.RootElement.TryGetProperty("syntax", out var absent) && absent.ValueKind != JsonValueKind.Null);
    }
}
