using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary><see cref="IExpandable"/>: which values each instruction hands to the expander, with a fake one.</summary>
public sealed class ExpandableInstructionTests
{
    /// <summary>Marks every word it expands, so the test sees exactly which values went through it.</summary>
    private static string Word(string w) => $"<{w}>";

    private static IReadOnlyList<string> Words(string w) => w.Split('|').Select(x => $"[{x}]").ToArray();

    private static T Expand<T>(Instruction instruction) where T : Instruction =>
        Assert.IsType<T>(Assert.IsAssignableFrom<IExpandable>(instruction).Expand(Word, Words));

    [Fact]
    public void Copy_expands_sources_destination_and_flags_but_not_heredocs_or_excludes()
    {
        var node = Node("copy", "<<EOF $A b /dst", ["--from=s", "--chown=$U", "--chmod=$M", "--exclude=$E", "--link"],
            heredocs: [new Heredoc("EOF", "x\n", true, false)]);
        var copy = Expand<CopyInstruction>(Read<CopyInstruction>(node));
        Assert.Equal(["<<EOF", "<$A>", "<b>"], copy.Sources);
        Assert.Equal("</dst>", copy.Destination);
        Assert.Equal("<s>", copy.From);
        Assert.Equal("<$U>", copy.Chown);
        Assert.Equal("<$M>", copy.Chmod);
        Assert.Equal(["$E"], copy.Excludes);
        Assert.True(copy.Link);
    }

    [Fact]
    public void Copy_leaves_absent_flags_absent()
    {
        var copy = Expand<CopyInstruction>(Read<CopyInstruction>("copy", "a b"));
        Assert.Null(copy.From);
        Assert.Null(copy.Chown);
        Assert.Null(copy.Chmod);
    }

    [Fact]
    public void Add_expands_sources_destination_chown_chmod_checksum()
    {
        var add = Expand<AddInstruction>(Read<AddInstruction>("add", "$URL /d", "--chown=u", "--chmod=m", "--checksum=$SUM"));
        Assert.Equal(["<$URL>"], add.Sources);
        Assert.Equal("</d>", add.Destination);
        Assert.Equal("<u>", add.Chown);
        Assert.Equal("<m>", add.Chmod);
        Assert.Equal("<$SUM>", add.Checksum);
    }

    [Fact]
    public void Env_label_and_arg_expand_names_and_values()
    {
        Assert.Equal([new KeyValue("<A>", "<\"$B\">")], Expand<EnvInstruction>(Read<EnvInstruction>("env", "A=\"$B\"")).Variables);
        Assert.Equal([new KeyValue("<k>", "<v w>")], Expand<LabelInstruction>(Read<LabelInstruction>("label", "k v w")).Labels);
        Assert.Equal(
            [new ArgDeclaration("<A>", null), new ArgDeclaration("<B>", "<$A>")],
            Expand<ArgInstruction>(Read<ArgInstruction>("arg", "A B=$A")).Arguments);
    }

    [Fact]
    public void Expose_may_expand_one_word_into_several()
    {
        Assert.Equal(["[$PORTS]", "[1]", "[2]"], Expand<ExposeInstruction>(Read<ExposeInstruction>("expose", "$PORTS 1|2")).Ports);
    }

    [Fact]
    public void Single_value_instructions()
    {
        Assert.Equal("<$U>", Expand<UserInstruction>(Read<UserInstruction>("user", "$U")).User);
        Assert.Equal("<$D/x>", Expand<WorkdirInstruction>(Read<WorkdirInstruction>("workdir", "$D/x")).Path);
        Assert.Equal("<$SIG>", Expand<StopsignalInstruction>(Read<StopsignalInstruction>("stopsignal", "$SIG")).Signal);
        Assert.Equal(["</a>", "<$B>"], Expand<VolumeInstruction>(Read<VolumeInstruction>("volume", "/a $B")).Volumes);
    }

    [Fact]
    public void From_expands_base_and_platform_not_the_stage_name()
    {
        var from = Expand<FromInstruction>(Read<FromInstruction>("from", "$IMG AS base", "--platform=$P"));
        Assert.Equal("<$IMG>", from.BaseName);
        Assert.Equal("<$P>", from.Platform);
        Assert.Equal("base", from.StageName);
    }

    [Fact]
    public void Run_expands_mount_values_only()
    {
        var run = Read<RunInstruction>("run", "echo $HOME", "--mount=type=$T,target=$DIR,uid=$UID,mode=$MODE,sharing=$SH",
            "--network=none");
        var vars = new Dictionary<string, string>
        {
            ["$T"] = "cache", ["$DIR"] = "/root/.cache", ["$UID"] = "1000", ["$MODE"] = "0700", ["$SH"] = "locked",
        };
        var expanded = Assert.IsType<RunInstruction>(run.Expand(w => vars.GetValueOrDefault(w, w), Words));
        var m = Assert.Single(expanded.Mounts);
        Assert.Equal(MountType.Cache, m.Type);
        Assert.Equal("/root/.cache", m.Target);
        Assert.Equal(1000, m.Uid);
        Assert.Equal("0700", m.Mode);
        Assert.Equal(CacheSharing.Locked, m.Sharing);
        Assert.Equal("/root/.cache", m.Id);
        Assert.Equal(["echo $HOME"], expanded.Command.Args);
        Assert.Equal("none", expanded.Network);
    }

    [Fact]
    public void Run_mount_errors_found_after_expansion_are_expansion_errors()
    {
        var run = Read<RunInstruction>("run", "x", "--mount=type=bind,target=/a,uid=$UID");
        var e = Assert.Throws<ExpansionException>(() => run.Expand(w => w == "$UID" ? "0" : w, Words));
        Assert.Equal("uid not allowed for \"bind\" type mounts", e.Message);
    }

    [Fact]
    public void Run_mount_from_may_be_expanded_by_the_build()
    {
        var run = Read<RunInstruction>("run", "x", "--mount=target=/a,from=stage$");
        var m = Assert.Single(Assert.IsType<RunInstruction>(run.Expand(w => w.TrimEnd('$'), Words)).Mounts);
        Assert.Equal("stage", m.From);
    }

    [Fact]
    public void Instructions_BuildKit_does_not_expand_are_not_expandable()
    {
        Assert.IsNotAssignableFrom<IExpandable>(Read<CmdInstruction>("cmd", "$X"));
        Assert.IsNotAssignableFrom<IExpandable>(Read<EntrypointInstruction>("entrypoint", "$X"));
        Assert.IsNotAssignableFrom<IExpandable>(Read<ShellInstruction>("shell", "[\"$X\"]"));
        Assert.IsNotAssignableFrom<IExpandable>(Read<HealthcheckInstruction>("healthcheck", "CMD $X"));
        Assert.IsNotAssignableFrom<IExpandable>(Read<MaintainerInstruction>("maintainer", "$X"));
    }

    [Fact]
    public void Expansion_does_not_change_the_original_record()
    {
        var user = Read<UserInstruction>("user", "$U");
        _ = user.Expand(Word, Words);
        Assert.Equal("$U", user.User);
    }
}
