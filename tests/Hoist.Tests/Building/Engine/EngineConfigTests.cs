using Hoist.Dockerfile;
using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>ARG, ENV and config instructions as the engine applies them, built in-process (no root, no runc).</summary>
public sealed class EngineConfigTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task Env_sets_the_config_and_later_lines_expand_it()
    {
        var build = await _engine.BuildAsync("FROM scratch\nENV A=1\nENV B=$A-x\n");

        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1", "B=1-x"], build.Config.Env);
    }

    [Fact]
    public async Task One_env_line_sees_the_values_from_before_it()
    {
        var build = await _engine.BuildAsync("FROM scratch\nENV A=1\nENV A=2 B=$A\n");

        Assert.Contains("A=2", build.Config.Env!);
        Assert.Contains("B=1", build.Config.Env!);
    }

    [Fact]
    public async Task An_arg_default_reaches_run_and_its_history_but_not_the_config()
    {
        var build = await _engine.BuildAsync("FROM scratch\nARG V=def\nRUN env\n");

        Assert.Contains("V=def", build.Runs.Single().Env);
        Assert.Contains("RUN |1 V=def /bin/sh -c env # buildkit", build.History);
        Assert.DoesNotContain(build.Config.Env!, e => e.StartsWith("V=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_build_arg_overrides_the_default()
    {
        var build = await _engine.BuildAsync("FROM scratch\nARG V=def\nRUN env\n", buildArgs: ["V=given"]);

        Assert.Contains("V=given", build.Runs.Single().Env);
    }

    [Fact]
    public async Task Env_overrides_an_arg_of_the_same_name()
    {
        var build = await _engine.BuildAsync("FROM scratch\nARG V=a\nENV V=b\nRUN env\n", buildArgs: ["V=given"]);

        Assert.Contains("V=b", build.Runs.Single().Env);
        Assert.DoesNotContain("V=given", build.Runs.Single().Env);
        Assert.Contains("RUN |1 V=b /bin/sh -c env # buildkit", build.History);
    }

    [Fact]
    public async Task A_global_arg_is_seen_in_a_stage_only_when_redeclared()
    {
        var without = await _engine.BuildAsync("ARG G=g\nFROM scratch\nRUN env\n");
        var with = await _engine.BuildAsync("ARG G=g\nFROM scratch\nARG G\nRUN env\n");

        Assert.DoesNotContain(without.Runs.Single().Env, e => e.StartsWith("G=", StringComparison.Ordinal));
        Assert.Contains("G=g", with.Runs.Single().Env);
    }

    [Fact]
    public async Task An_arg_without_any_value_is_listed_empty_and_not_set()
    {
        var build = await _engine.BuildAsync("FROM scratch\nARG V\nRUN env\n");

        Assert.Contains("RUN |1 V= /bin/sh -c env # buildkit", build.History);
        Assert.DoesNotContain(build.Runs.Single().Env, e => e.StartsWith("V=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proxy_build_args_reach_run_but_stay_out_of_the_history()
    {
        var build = await _engine.BuildAsync("FROM scratch\nRUN env\n", buildArgs: ["HTTP_PROXY=http://127.0.0.1:3128"]);

        Assert.Contains("HTTP_PROXY=http://127.0.0.1:3128", build.Runs.Single().Env);
        Assert.Contains("RUN /bin/sh -c env # buildkit", build.History);
    }

    [Fact]
    public async Task Label_expose_volume_user_and_stopsignal_set_their_fields()
    {
        var build = await _engine.BuildAsync(
            "FROM scratch\nLABEL team=\"core team\" v=1\nEXPOSE 8080-8081 53/UDP\nVOLUME /data\nUSER 1000:1000\nSTOPSIGNAL SIGINT\n");

        Assert.Equal("core team", build.Config.Labels!["team"]);
        Assert.Equal(["53/udp", "8080/tcp", "8081/tcp"], build.Config.ExposedPorts);
        Assert.Equal(["/data"], build.Config.Volumes);
        Assert.Equal("1000:1000", build.Config.User);
        Assert.Equal("SIGINT", build.Config.StopSignal);
        Assert.Contains("EXPOSE [53/udp 8080/tcp 8081/tcp]", build.History);
    }

    [Fact]
    public async Task Shell_form_cmd_runs_through_the_shell_and_sets_args_escaped()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCMD echo hi\n");

        Assert.Equal(["/bin/sh", "-c", "echo hi"], build.Config.Cmd);
        Assert.True(build.Config.ArgsEscaped);
        Assert.Contains("CMD [\"/bin/sh\" \"-c\" \"echo hi\"]", build.History);
    }

    /// <summary>BuildKit v0.25.2: only CMD sets ArgsEscaped; a bare CMD or ENTRYPOINT is the shell with an empty command.</summary>
    [Fact]
    public async Task Shell_form_entrypoint_leaves_args_escaped_unset_and_an_empty_one_runs_an_empty_command()
    {
        var build = await _engine.BuildAsync("FROM scratch\nENTRYPOINT\n");

        Assert.Equal(["/bin/sh", "-c", ""], build.Config.Entrypoint);
        Assert.False(build.Config.ArgsEscaped);
        Assert.Contains("ENTRYPOINT [\"/bin/sh\" \"-c\" \"\"]", build.History);
    }

    [Fact]
    public async Task A_bare_cmd_is_the_shell_with_an_empty_command()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCMD\n");

        Assert.Equal(["/bin/sh", "-c", ""], build.Config.Cmd);
        Assert.Contains("CMD [\"/bin/sh\" \"-c\" \"\"]", build.History);
    }

    [Fact]
    public async Task Entrypoint_keeps_a_cmd_set_in_the_same_stage()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCMD [\"a\"]\nENTRYPOINT [\"e\"]\n");

        Assert.Equal(["e"], build.Config.Entrypoint);
        Assert.Equal(["a"], build.Config.Cmd);
    }

    [Fact]
    public async Task Entrypoint_drops_a_cmd_inherited_from_the_base_stage()
    {
        var build = await _engine.BuildAsync("FROM scratch AS base\nCMD [\"a\"]\nFROM base\nENTRYPOINT [\"e\"]\n");

        Assert.Equal(["e"], build.Config.Entrypoint);
        Assert.Null(build.Config.Cmd);
    }

    [Fact]
    public async Task Shell_changes_how_later_runs_start()
    {
        var build = await _engine.BuildAsync("FROM scratch\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo x\n");

        Assert.Equal(["/bin/bash", "-c", "echo x"], build.Runs.Single().Args);
        Assert.Equal(["/bin/bash", "-c"], build.Config.Shell);
    }

    [Fact]
    public async Task Relative_workdirs_chain_and_run_starts_there()
    {
        var build = await _engine.BuildAsync("FROM scratch\nWORKDIR /a\nWORKDIR b/../c\nRUN pwd\n");

        Assert.Equal("/a/c", build.Runs.Single().WorkingDirectory);
        Assert.Equal("/a/c", build.Config.WorkingDir);
        Assert.Contains("WORKDIR /a/c", build.History);
    }

    [Fact]
    public async Task User_and_network_reach_the_runtime()
    {
        var build = await _engine.BuildAsync("FROM scratch\nUSER 1000:1000\nRUN --network=none whoami\nRUN whoami\n");

        Assert.All(build.Runs, r => Assert.Equal("1000:1000", r.User));
        Assert.Equal([NetworkMode.None, NetworkMode.Sandbox], build.Runs.Select(r => r.Network));
    }

    [Fact]
    public async Task Healthcheck_none_and_maintainer()
    {
        var build = await _engine.BuildAsync("FROM scratch\nHEALTHCHECK NONE\nMAINTAINER someone\n");

        Assert.Equal(["NONE"], build.Config.Healthcheck!.Test);
        Assert.Equal("someone", build.Image.Author);
    }

    [Fact]
    public async Task Onbuild_is_recorded_for_children_and_not_run_here()
    {
        var build = await _engine.BuildAsync("FROM scratch\nONBUILD RUN echo later\n");

        Assert.Equal(["RUN echo later"], build.Config.OnBuild);
        Assert.Empty(build.Runs);
        Assert.DoesNotContain(build.History, h => h.Contains("ONBUILD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Onbuild_triggers_of_a_base_image_run_first_and_are_not_inherited()
    {
        await _engine.WriteImageAsync("example.test/base:1", new Dictionary<string, string> { ["etc/base"] = "b" },
            new ContainerConfig { Env = ["PATH=/bin"], OnBuild = ["ENV FROM_TRIGGER=yes", "RUN echo trigger"] });

        var build = await _engine.BuildAsync("FROM example.test/base:1\nRUN echo own\n");

        Assert.Equal(["/bin/sh", "-c", "echo trigger"], build.Runs[0].Args);
        Assert.Contains("FROM_TRIGGER=yes", build.Runs[1].Env);
        Assert.Null(build.Config.OnBuild);
    }

    [Fact]
    public async Task Onbuild_of_a_base_stage_runs_in_the_child()
    {
        var build = await _engine.BuildAsync("FROM scratch AS parent\nONBUILD ENV X=1\nFROM parent\n");

        Assert.Contains("X=1", build.Config.Env!);
        Assert.Null(build.Config.OnBuild);
    }

    [Fact]
    public async Task A_base_image_without_path_gets_the_default_path()
    {
        await _engine.WriteImageAsync("example.test/nopath:1", new Dictionary<string, string> { ["f"] = "x" }, new ContainerConfig { Env = ["A=1"] });

        var build = await _engine.BuildAsync("FROM example.test/nopath:1\n");

        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"], build.Config.Env);
    }

    /// <summary>BuildKit v0.25.2: an empty USER leaves the field out of the config; an empty VOLUME, a bad signal and a
    /// bad port protocol fail at their line.</summary>
    [Fact]
    public async Task An_empty_user_is_absent_from_the_config()
    {
        var build = await _engine.BuildAsync("FROM scratch\nUSER 1\nUSER \"\"\n");

        Assert.Null(build.Config.User);
        Assert.Contains("USER ", build.History);
    }

    [Theory]
    [InlineData("VOLUME /a $UNSET", "Dockerfile:3: VOLUME specified can not be an empty string")]
    [InlineData("STOPSIGNAL BOGUS", "Dockerfile:3: invalid signal: BOGUS")]
    [InlineData("EXPOSE 80/xyz", "Dockerfile:3: invalid port: \"80/xyz\": invalid proto: xyz")]
    public async Task Bad_config_values_fail_at_their_line(string line, string message)
    {
        var e = await Assert.ThrowsAsync<DockerfileException>(() => _engine.BuildAsync($"FROM scratch\nENV A=1\n{line}\n"));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task An_expansion_error_names_its_line_and_runs_nothing()
    {
        var e = await Assert.ThrowsAsync<DockerfileException>(() => _engine.BuildAsync("FROM scratch\nRUN echo first\nENV X=\"${UNSET:?must be set}\"\n"));

        Assert.Equal(3, e.Line);
        Assert.Contains("UNSET: must be set", e.Message);
        Assert.Empty(_engine.Runtime.Requests);
    }

    [Fact]
    public async Task A_missing_base_image_says_how_to_get_it_with_its_line_before_any_stage_runs()
    {
        var e = await Assert.ThrowsAsync<DockerfileException>(() => _engine.BuildAsync("FROM scratch AS a\nRUN write /a a\nFROM example.test/missing:1\nCOPY --from=a /a /a\n"));

        Assert.Equal("Dockerfile:3: image \"example.test/missing:1\" not found in the store (pull it first: hoist pull example.test/missing:1)", e.Message);
        Assert.Empty(_engine.Runtime.Requests);
    }

    [Fact]
    public async Task Images_the_store_lacks_come_from_the_next_source()
    {
        await _engine.WriteImageAsync("example.test/elsewhere:1", new Dictionary<string, string> { ["f"] = "x" }, new ContainerConfig { User = "far" });
        var registry = new RenamingImageSource(_engine.Store, "example.test/remote:1", "example.test/elsewhere:1");
        _engine.Registry = registry;

        var build = await _engine.BuildAsync("FROM example.test/remote:1\n");

        Assert.Equal("far", build.Config.User);
        Assert.Equal(1, registry.Asked);
    }

    [Fact]
    public async Task Tags_name_the_image_in_the_store()
    {
        var build = await _engine.BuildAsync("FROM scratch\nLABEL a=b\n", tags: ["example.test/app:1"]);

        var named = await _engine.Store.ResolveImageAsync("example.test/app:1");
        Assert.Equal(build.Result.ImageId, named.Id);
        Assert.Equal(["example.test/app:1"], build.Result.Names.Select(n => n.ToString()));
        Assert.Equal(build.Result.ManifestDigest, build.Result.Image!.ManifestDigest);
        Assert.Equal(build.Result.ImageId, build.Result.Image.ConfigDigest);
    }
}
