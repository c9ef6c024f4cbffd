using Hoist.Dispatch;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>--change</c> for <c>hoist import</c>: parses each value as one of the Dockerfile instructions
/// <c>docker import --change</c> allows and hands it to <see cref="ImportConfig"/>, which applies it to the new image's
/// config with a Dockerfile stage's semantics; errors name the value.
/// </summary>
public static class ImportChanges
{
    private static readonly string[] Allowed = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

    public static ContainerConfig? Apply(IReadOnlyList<string> changes)
    {
        if (changes.Count == 0) return null;
        var state = new ConfigState(new ContainerConfig());
        foreach (var change in changes)
        {
            var instruction = Parse(change);
            try
            {
                state = ImportConfig.Apply(state, instruction);
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
}
