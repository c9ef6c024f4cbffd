using Hoist.Dockerfile;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>--change</c> for <c>hoist import</c>: each value is one Dockerfile instruction applied to the new image's config,
/// as <c>docker import --change</c> does. Words are expanded with the ENV set so far; shell-form CMD and ENTRYPOINT
/// run through <c>/bin/sh -c</c>.
/// </summary>
public static class ImportChanges
{
    private static readonly string[] Allowed = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

    public static ContainerConfig? Apply(IReadOnlyList<string> changes)
    {
        if (changes.Count == 0) return null;
        var config = new ContainerConfig();
        var expander = new ShellWordExpander();
        var cmdSet = false;
        foreach (var change in changes)
        {
            var instruction = Parse(change);
            var env = Variables(config.Env);
            string Word(string word) => Expand(change, () => expander.ExpandWord(word, env));
            config = instruction switch
            {
                CmdInstruction cmd => Command(cmd.Command, c => { cmdSet = true; return config with { Cmd = c }; }),
                // As in a Dockerfile, ENTRYPOINT drops a CMD that was not set alongside it.
                EntrypointInstruction entrypoint => Command(entrypoint.Command, c => config with { Entrypoint = c, Cmd = cmdSet ? config.Cmd : null }),
                EnvInstruction e => config with { Env = SetEnv(config.Env, e.Variables.Select(v => (Word(v.Key), Word(v.Value)))) },
                ExposeInstruction expose => config with
                {
                    ExposedPorts = Union(config.ExposedPorts, expose.Ports.SelectMany(p => Expand(change, () => expander.ExpandWords(p, env))).Select(Port)),
                },
                LabelInstruction label => config with { Labels = SetLabels(config.Labels, label.Labels.Select(l => (Word(l.Key), Word(l.Value)))) },
                OnbuildInstruction onbuild => config with { OnBuild = [.. config.OnBuild ?? [], onbuild.TriggerText] },
                StopsignalInstruction stop => config with { StopSignal = Word(stop.Signal) },
                UserInstruction user => config with { User = Word(user.User) },
                VolumeInstruction volume => config with { Volumes = Union(config.Volumes, volume.Volumes.Select(Word)) },
                WorkdirInstruction workdir => config with { WorkingDir = Workdir(config.WorkingDir, Word(workdir.Path)) },
                _ => throw new HoistException($"--change \"{change}\": only {string.Join(", ", Allowed)} are allowed"),
            };
        }
        return config;
    }

    private static Instruction Parse(string change)
    {
        try
        {
            var syntax = DockerfileParser.Parse(change, "--change");
            if (syntax.Instructions.Count != 1) throw new HoistException($"--change \"{change}\": expected one instruction");
            var keyword = syntax.Instructions[0].Keyword.ToUpperInvariant();
            if (!Allowed.Contains(keyword)) throw new HoistException($"--change \"{change}\": {keyword} is not allowed; only {string.Join(", ", Allowed)}");
            return InstructionReader.Read(syntax.Instructions[0], "--change", syntax.EscapeChar);
        }
        catch (DockerfileException e)
        {
            throw new HoistException($"--change \"{change}\": {e.Message}", e);
        }
    }

    private static ContainerConfig Command(CommandLine command, Func<IReadOnlyList<string>, ContainerConfig> set) =>
        set(command.IsShellForm ? ["/bin/sh", "-c", command.Args[0]] : command.Args);

    private static T Expand<T>(string change, Func<T> expand)
    {
        try
        {
            return expand();
        }
        catch (ExpansionException e)
        {
            throw new HoistException($"--change \"{change}\": {e.Message}", e);
        }
    }

    private static Dictionary<string, string> Variables(IReadOnlyList<string>? env)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in env ?? [])
        {
            var equals = entry.IndexOf('=');
            if (equals > 0) variables[entry[..equals]] = entry[(equals + 1)..];
        }
        return variables;
    }

    private static List<string> SetEnv(IReadOnlyList<string>? env, IEnumerable<(string Key, string Value)> values)
    {
        var result = env?.ToList() ?? [];
        foreach (var (key, value) in values)
        {
            var index = result.FindIndex(e => e.StartsWith(key + "=", StringComparison.Ordinal));
            if (index >= 0) result[index] = $"{key}={value}";
            else result.Add($"{key}={value}");
        }
        return result;
    }

    private static SortedDictionary<string, string> SetLabels(IReadOnlyDictionary<string, string>? labels, IEnumerable<(string Key, string Value)> values)
    {
        var result = new SortedDictionary<string, string>(labels?.ToDictionary() ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in values) result[key] = value;
        return result;
    }

    private static List<string> Union(IReadOnlyList<string>? existing, IEnumerable<string> added) =>
        (existing ?? []).Concat(added).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string Port(string port) => port.Contains('/') ? port.ToLowerInvariant() : port + "/tcp";

    private static string Workdir(string? current, string path) =>
        path.StartsWith('/') || string.IsNullOrEmpty(current) ? (path.StartsWith('/') ? path : "/" + path) : current.TrimEnd('/') + "/" + path;
}
