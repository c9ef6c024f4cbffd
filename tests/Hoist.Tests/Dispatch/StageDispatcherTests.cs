using Hoist.Dispatch;
using Hoist.Dockerfile;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Dispatch;

/// <summary>The dispatcher is pure: typed steps with bound references, and keys computed without running anything.</summary>
public sealed class StageDispatcherTests
{
    private static readonly Digest Base = Digest.Sha256("base"u8);

    private static DispatchedStage Dispatch(string dockerfile, int stage = -1, string[]? buildArgs = null)
    {
        var plan = DockerfileFrontend.Plan(dockerfile, "Dockerfile", new PlanOptions { BuildArgs = buildArgs ?? [] });
        var planned = stage < 0 ? plan.Target : plan.Stages[stage];
        return new StageDispatcher(plan, NetworkMode.Host).Dispatch(planned, StageStart.Scratch(plan));
    }

    private static async Task<IReadOnlyList<Digest?>> KeysAsync(DispatchedStage stage)
    {
        var keys = new List<Digest?>();
        var filesystem = Base;
        var chain = Base;
        foreach (var step in stage.Steps)
        {
            if (step is ConfigStep config)
            {
                chain = config.Key(chain);
                keys.Add(chain);
                continue;
            }
            var key = await ((LayerStep)step).KeyAsync(filesystem, new FixedKeyInputs(), CancellationToken.None);
            keys.Add(key);
            filesystem = key ?? filesystem;
        }
        return keys;
    }

    private static DispatchedStage DispatchOnImage(string dockerfile, ContainerConfig imageConfig)
    {
        var plan = DockerfileFrontend.Plan(dockerfile, "Dockerfile", new PlanOptions());
        var image = new ImageConfig { Architecture = "amd64", Os = "linux", RootFs = new RootFs { DiffIds = [] }, Config = imageConfig };
        return new StageDispatcher(plan, NetworkMode.Host).Dispatch(plan.Target, StageStart.FromImage(plan, image));
    }

    /// <summary>The classic builder and docker import write <c>"WorkingDir": ""</c>, <c>"User": ""</c>…; BuildKit
    /// runs in / then (runc refuses an empty cwd), takes a relative COPY destination from /, and its image has none of
    /// the empty fields.</summary>
    [Fact]
    public void An_image_with_empty_fields_runs_in_the_root_and_leaves_them_out()
    {
        var stage = DispatchOnImage("FROM base\nRUN pwd\nCOPY a b\n",
            new ContainerConfig { WorkingDir = "", User = "", Cmd = [], Labels = new Dictionary<string, string>(), StopSignal = "" });

        Assert.Equal("/", stage.Steps.OfType<RunStep>().Single().WorkingDirectory);
        Assert.Equal("/", stage.Steps.OfType<CopyStep>().Single().Request.WorkingDirectory);
        var config = stage.Steps[^1].Config;
        Assert.Equal((null, null, null, null, null), (config.WorkingDir, config.User, config.Cmd, config.Labels, config.StopSignal));
    }

    [Fact]
    public void Each_instruction_becomes_one_typed_step()
    {
        var stage = Dispatch("FROM scratch\nENV A=1\nRUN echo\nCOPY a /\nWORKDIR /w\nLABEL l=1\n");

        Assert.Equal([typeof(ConfigStep), typeof(RunStep), typeof(CopyStep), typeof(WorkdirStep), typeof(ConfigStep)],
            stage.Steps.Select(s => s.GetType()));
    }

    /// <summary>BuildKit's testArgDefaultExpansion: a default a build arg overrides is never evaluated.</summary>
    [Fact]
    public void An_overridden_arg_default_is_not_expanded()
    {
        var stage = Dispatch("FROM scratch\nARG FOO\nARG BAR=${FOO:?\"foo missing\"}\n", buildArgs: ["BAR=123"]);

        Assert.Equal("ARG BAR=123", stage.Steps[1].CreatedBy);
    }

    /// <summary>BuildKit's testExportedHistory: WORKDIR / is an empty-layer history entry, not a layer.</summary>
    [Fact]
    public void Workdir_root_changes_the_config_without_a_layer()
    {
        var stage = Dispatch("FROM scratch\nWORKDIR /w\nWORKDIR /\nWORKDIR ..\n");

        Assert.Equal([typeof(WorkdirStep), typeof(ConfigStep), typeof(ConfigStep)], stage.Steps.Select(s => s.GetType()));
        var root = (ConfigStep)stage.Steps[1];
        Assert.Equal(("WORKDIR /", "/"), (root.CreatedBy, root.Config.WorkingDir));
    }

    [Fact]
    public void Run_mounts_become_typed_specs_with_targets_resolved_against_the_workdir()
    {
        var stage = Dispatch("FROM scratch AS deps\nFROM scratch\nWORKDIR /w\n"
            + "RUN --mount=type=bind,from=deps,target=src --mount=type=cache,target=c,sharing=locked,mode=0700 "
            + "--mount=type=tmpfs,target=/t,size=1m --mount=type=secret,id=tok,required --mount=type=ssh --mount=type=ssh,target=a echo\n");

        var mounts = stage.Steps.OfType<RunStep>().Single().Mounts;
        var bind = Assert.IsType<BindMountSpec>(mounts[0]);
        Assert.Equal(("/w/src", new StageRef(0, "deps") as SourceRef, false), (bind.Target, bind.From, bind.ReadWrite));
        var cache = Assert.IsType<CacheMountSpec>(mounts[1]);
        // The id defaults to the target as written (BuildKit), not the resolved one.
        Assert.Equal(("/w/c", "c", CacheMountSharing.Locked, 0b111_000_000), (cache.Target, cache.Id, cache.Sharing, cache.Mode));
        Assert.Equal(("/t", 1024L * 1024), (Assert.IsType<TmpfsMountSpec>(mounts[2]).Target, Assert.IsType<TmpfsMountSpec>(mounts[2]).Size));
        var secret = Assert.IsType<SecretMountSpec>(mounts[3]);
        Assert.Equal(("tok", "/run/secrets/tok", true, 0b100_000_000), (secret.Id, secret.Target, secret.Required, secret.Mode));
        Assert.Equal("/run/buildkit/ssh_agent.0", Assert.IsType<SshMountSpec>(mounts[4]).Target);
        Assert.Equal("/w/a", Assert.IsType<SshMountSpec>(mounts[5]).Target);
    }

    [Fact]
    public void Copy_heredoc_sources_become_inline_files_with_their_expanded_content()
    {
        var stage = Dispatch("FROM scratch\nARG NAME=world\nCOPY <<EOF <<-'RAW' a.txt /d/\nhello $NAME\nEOF\n\tkeep $NAME\nRAW\n");

        var request = stage.Steps.OfType<CopyStep>().Single().Request;
        Assert.Equal([new CopyInlineFile("<<EOF", "EOF", "hello world\n"), new CopyInlineFile("<<-'RAW'", "RAW", "keep $NAME\n")],
            request.InlineFiles);
        Assert.Equal(["<<EOF", "<<-'RAW'", "a.txt"], request.Sources);
    }

    [Fact]
    public void Copy_from_is_bound_to_the_stage_planning_resolved()
    {
        var stage = Dispatch("FROM scratch AS build\nFROM scratch\nCOPY --from=build /a /\nCOPY --from=0 /a /\nCOPY --from=example.test/img:1 /a /\n");

        var sources = stage.Steps.OfType<CopyStep>().Select(c => c.Source).ToList();
        Assert.Equal(new StageRef(0, "build"), sources[0]);
        Assert.Equal(new StageRef(0, "0"), sources[1]);
        Assert.IsType<ImageRef>(sources[2]);
    }

    [Fact]
    public void Run_steps_carry_the_runtime_command_and_environment()
    {
        var stage = Dispatch("FROM scratch\nARG V=1\nENV E=2\nRUN --network=none echo $V\n");

        var run = stage.Steps.OfType<RunStep>().Single();
        Assert.Equal(["/bin/sh", "-c", "echo $V"], run.Command.Args);
        Assert.Contains("V=1", run.Environment);
        Assert.Contains("E=2", run.Environment);
        Assert.Equal(NetworkMode.None, run.Network);
        Assert.Equal("RUN |1 V=1 /bin/sh -c echo $V # buildkit", run.CreatedBy);
    }

    [Fact]
    public void The_final_state_is_what_a_child_stage_starts_from()
    {
        var stage = Dispatch("FROM scratch\nENV A=1\nUSER u\nCMD [\"x\"]\n");

        Assert.Contains("A=1", stage.Final.ConfigState.Config.Env!);
        Assert.Equal("u", stage.Final.ConfigState.Config.User);
        Assert.True(stage.Final.ConfigState.CmdSetHere);
        Assert.False(StageStart.FromStage(stage.Final).State.ConfigState.CmdSetHere);
    }

    [Fact]
    public void An_unknown_port_fails_with_the_line()
    {
        var e = Assert.Throws<DockerfileException>(() => Dispatch("FROM scratch\nEXPOSE http\n"));

        Assert.Equal(2, e.Line);
        Assert.Contains("invalid containerPort: http", e.Message);
    }

    [Fact]
    public void Bind_cache_and_tmpfs_mounts_without_a_target_go_to_the_working_directory()
    {
        var stage = Dispatch("FROM scratch\nWORKDIR /src\nRUN --mount=type=cache --mount=type=bind,source=go.mod --mount=type=tmpfs,target=tmp make\n");

        var mounts = stage.Steps.OfType<RunStep>().Single().Mounts;
        var cache = Assert.IsType<CacheMountSpec>(mounts[0]);
        Assert.Equal("/src", cache.Target);
        Assert.Equal("/src", Assert.IsType<BindMountSpec>(mounts[1]).Target);
        Assert.Equal("/src/tmp", Assert.IsType<TmpfsMountSpec>(mounts[2]).Target);
        Assert.Equal(".", cache.Id); // BuildKit: path.Clean of the written (empty) target
    }

    [Theory]
    [InlineData("RUN --mount=type=cache make")]
    [InlineData("RUN --mount=type=bind,target=/ make")]
    [InlineData("WORKDIR /a\nRUN --mount=type=tmpfs,target=.. make")]
    public void A_mount_target_that_resolves_to_the_root_is_refused_with_the_line(string instructions)
    {
        var e = Assert.Throws<DockerfileException>(() => Dispatch("FROM scratch\n" + instructions + "\n"));

        Assert.Equal(instructions.Count(c => c == '\n') + 2, e.Line);
        Assert.Contains("invalid mount target \"/\"", e.Message);
    }

    [Fact]
    public async Task The_same_dockerfile_gives_the_same_keys()
    {
        const string dockerfile = "FROM scratch\nENV A=1\nRUN echo\nCOPY a /\nWORKDIR /w\n";

        Assert.Equal(await KeysAsync(Dispatch(dockerfile)), await KeysAsync(Dispatch(dockerfile)));
    }

    [Fact]
    public async Task A_label_changes_the_chain_but_not_the_layer_keys_after_it()
    {
        var one = await KeysAsync(Dispatch("FROM scratch\nLABEL v=1\nCOPY a /\n"));
        var two = await KeysAsync(Dispatch("FROM scratch\nLABEL v=2\nCOPY a /\n"));

        Assert.NotEqual(one[0], two[0]);
        Assert.Equal(one[1], two[1]);
    }

    [Fact]
    public async Task A_build_arg_changes_the_run_key_only()
    {
        const string dockerfile = "FROM scratch\nARG V\nCOPY a /\nRUN echo\n";
        var one = await KeysAsync(Dispatch(dockerfile, buildArgs: ["V=1"]));
        var two = await KeysAsync(Dispatch(dockerfile, buildArgs: ["V=2"]));

        Assert.Equal(one[1], two[1]);
        Assert.NotEqual(one[2], two[2]);
    }

    /// <summary>Every context request has the same content; every other source the same identity.</summary>
    private sealed class FixedKeyInputs : IStepKeyInputs
    {
        public Task<Digest?> ContextContentAsync(ContextRef context, CopyRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<Digest?>(Digest.Sha256("content"u8));

        public Task<string> IdentityAsync(SourceRef source, CancellationToken cancellationToken) => Task.FromResult("fixed " + source.Text);
    }
}
