using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Dispatch;

/// <summary>
/// Config instructions outside a Dockerfile (<c>hoist import --change</c>, as <c>docker import --change</c>): each is
/// expanded with the ENV set so far, as a stage would, then applied with the stage's semantics
/// (<see cref="ConfigInstructions"/>), WORKDIR included.
/// </summary>
public static class ImportConfig
{
    private static readonly Dictionary<string, string> NoArgs = [];

    /// <summary>The state after <paramref name="instruction"/>; an expansion error throws <see cref="ExpansionException"/>.</summary>
    public static ConfigState Apply(ConfigState state, Instruction instruction)
    {
        var expanded = Expand(instruction, state.Config);
        return expanded is WorkdirInstruction workdir
            ? state with { Config = state.Config with { WorkingDir = ConfigInstructions.WorkingDirectory(state.Config, workdir.Path) } }
            : ConfigInstructions.Apply(state, expanded).State;
    }

    private static Instruction Expand(Instruction instruction, ContainerConfig config)
    {
        if (instruction is not IExpandable expandable) return instruction;
        var env = (config.Env ?? []).Select(e => e.Split('=', 2)).Select(p => new KeyValue(p[0], p.Length > 1 ? p[1] : ""));
        var scope = StageScope.Start(new ShellWordExpander(), NoArgs, NoArgs, env);
        return expandable.Expand(scope.ExpandWord, scope.ExpandWords);
    }
}
