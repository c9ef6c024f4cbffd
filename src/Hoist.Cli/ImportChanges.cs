using Hoist.Dispatch;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>--change</c> for <c>hoist import</c>: each value is one Dockerfile instruction applied to the new image's config,
/// as <c>docker import --change</c> does, with a Dockerfile's semantics (<see cref="ConfigInstructions"/>). Words are
/// expanded with the ENV set so far.
/// </summary>
public static class ImportChanges
{
    private static readonly string[] Allowed = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

    private static readonly Dictionary<string, string> NoArgs = [];

    public static ContainerConfig? Apply(IReadOnlyList<string> changes)
    {
        if (changes.Count == 0) return null;
        var state = new ConfigState(new ContainerConfig());
        foreach (var change in changes)
        {
            var instruction = Parse(change);
            try
            {
                instruction = Expand(instruction, state.Config);
                state = instruction is WorkdirInstruction workdir
                    ? state with { Config = state.Config with { WorkingDir = ConfigInstructions.WorkingDirectory(state.Config, workdir.Path) } }
                    : ConfigInstructions.Apply(state, instruction).State;
            }
            catch (Exception e) when (e is ExpansionException or HoistException)
            {
                throw Refused(change, e.Message, e);
            }
        }
        return state.Config;
    }

    private static Instruction Parse(string change)
    {
        try
        {
            var syntax = DockerfileParser.Parse(change, "--change");
            if (syntax.Instructions.Count != 1) throw Refused(change, "expected one instruction");
            var keyword = syntax.Instructions[0].Keyword.ToUpperInvariant();
            if (!Allowed.Contains(keyword)) throw Refused(change, $"{keyword} is not allowed; only {string.Join(", ", Allowed)}");
            return InstructionReader.Read(syntax.Instructions[0], "--change", syntax.EscapeChar);
        }
        catch (DockerfileException e)
        {
            throw Refused(change, e.Message, e);
        }
    }

    private static HoistException Refused(string change, string cause, Exception? inner = null) => new($"--change \"{change}\": {cause}", inner);

    /// <summary>Expands the instruction's words with the image's ENV so far, as a Dockerfile stage would.</summary>
    private static Instruction Expand(Instruction instruction, ContainerConfig config)
    {
        if (instruction is not IExpandable expandable) return instruction;
        var env = (config.Env ?? []).Select(e => e.Split('=', 2)).Select(p => new KeyValue(p[0], p.Length > 1 ? p[1] : ""));
        var scope = StageScope.Start(new ShellWordExpander(), NoArgs, NoArgs, env);
        return expandable.Expand(scope.ExpandWord, scope.ExpandWords);
    }
}
