using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Dispatch;

/// <summary>
/// The config instructions' semantics (BuildKit's dockerfile2llb), for a Dockerfile stage and for
/// <c>hoist import --change</c> alike. Instructions arrive with their words expanded.
/// </summary>
public static class ConfigInstructions
{
    /// <summary>True for the instructions <see cref="Apply"/> takes.</summary>
    public static bool Changes(Instruction instruction) => instruction is EnvInstruction or LabelInstruction or ExposeInstruction
        or VolumeInstruction or StopsignalInstruction or UserInstruction or MaintainerInstruction or ShellInstruction
        or CmdInstruction or EntrypointInstruction or HealthcheckInstruction or OnbuildInstruction;

    public static ConfigChange Apply(ConfigState state, Instruction instruction)
    {
        var config = state.Config;
        return instruction switch
        {
            EnvInstruction env => Set(state, Env(config, env), "ENV " + string.Join(" ", env.Variables.Select(v => $"{v.Key}={v.Value}"))),
            LabelInstruction label => Set(state, Labels(config, label), "LABEL " + string.Join(" ", label.Labels.Select(l => $"{l.Key}={l.Value}"))),
            ExposeInstruction expose => Expose(state, expose),
            VolumeInstruction volume => Set(state, config with { Volumes = Union(config.Volumes, NonEmpty(volume.Volumes)) },
                "VOLUME " + HistoryText.PlainList(volume.Volumes)),
            StopsignalInstruction signal => Set(state, config with { StopSignal = StopSignals.Validate(signal.Signal) }, "STOPSIGNAL " + signal.Signal),
            // `USER ""` leaves the field absent (Go's omitempty), as BuildKit writes it.
            UserInstruction user => Set(state, config with { User = user.User is "" ? null : user.User }, "USER " + user.User),
            MaintainerInstruction maintainer => new(state with { Author = maintainer.Maintainer }, "MAINTAINER " + maintainer.Maintainer),
            ShellInstruction shell => Set(state, config with { Shell = shell.Shell }, "SHELL " + HistoryText.PlainList(shell.Shell)),
            CmdInstruction cmd => Cmd(state, cmd),
            EntrypointInstruction entrypoint => Entrypoint(state, entrypoint),
            HealthcheckInstruction health => Set(state, config with { Healthcheck = Healthcheck(health) }, HistoryText.Healthcheck(health)),
            OnbuildInstruction onbuild => new(Set(state, config with { OnBuild = [.. config.OnBuild ?? [], onbuild.TriggerText] }, "").State,
                onbuild.TriggerText, AddsHistory: false),
            _ => throw new ArgumentException($"{instruction.GetType().Name} does not change the image config", nameof(instruction)),
        };
    }

    /// <summary>WORKDIR's directory: a relative path continues the current one; the result is cleaned.</summary>
    public static string WorkingDirectory(ContainerConfig config, string path) =>
        UnixPath.Clean(path.StartsWith('/') ? path : UnixPath.Join(config.WorkingDir ?? "/", path));

    /// <summary>Sets <c>KEY=value</c> in an environment list, replacing an earlier value of the same key in place.</summary>
    public static void SetEntry(List<string> environment, string key, string value)
    {
        var index = environment.FindIndex(e => e.StartsWith(key + "=", StringComparison.Ordinal) || e == key);
        if (index >= 0) environment[index] = $"{key}={value}";
        else environment.Add($"{key}={value}");
    }

    private static ConfigChange Set(ConfigState state, ContainerConfig config, string createdBy) =>
        new(state with { Config = config }, createdBy);

    private static ContainerConfig Env(ContainerConfig config, EnvInstruction env)
    {
        var environment = (config.Env ?? []).ToList();
        foreach (var variable in env.Variables) SetEntry(environment, variable.Key, variable.Value);
        return config with { Env = environment };
    }

    private static ContainerConfig Labels(ContainerConfig config, LabelInstruction label)
    {
        var labels = new Dictionary<string, string>(config.Labels ?? new Dictionary<string, string>());
        foreach (var pair in label.Labels) labels[pair.Key] = pair.Value;
        return config with { Labels = labels };
    }

    private static ConfigChange Expose(ConfigState state, ExposeInstruction expose)
    {
        var ports = expose.Ports.SelectMany(ExposePortParser.Parse).ToList();
        return Set(state, state.Config with { ExposedPorts = Union(state.Config.ExposedPorts, ports) }, "EXPOSE " + HistoryText.PlainList(ports));
    }

    private static ConfigChange Cmd(ConfigState state, CmdInstruction cmd)
    {
        var args = Command(state.Config, cmd.Command);
        // BuildKit sets ArgsEscaped on every CMD, exec form included, and it stays for the stages built on it.
        var config = state.Config with { Cmd = args.Count == 0 ? null : args, ArgsEscaped = true };
        return new(state with { Config = config, CmdSetHere = true }, "CMD " + HistoryText.QuotedList(args));
    }

    private static ConfigChange Entrypoint(ConfigState state, EntrypointInstruction entrypoint)
    {
        var args = Command(state.Config, entrypoint.Command);
        var config = state.Config with
        {
            Entrypoint = args.Count == 0 ? null : args,
            Cmd = state.CmdSetHere ? state.Config.Cmd : null,
        };
        // Unlike CMD, ENTRYPOINT leaves ArgsEscaped as it is, shell form included (dockerfile2llb's dispatchEntrypoint).
        return Set(state, config, "ENTRYPOINT " + HistoryText.QuotedList(args));
    }

    private static HealthConfig Healthcheck(HealthcheckInstruction health) => health.Test is ["NONE"]
        ? new HealthConfig { Test = ["NONE"] }
        : new HealthConfig
        {
            Test = health.Test,
            Interval = Nanoseconds(health.Interval),
            Timeout = Nanoseconds(health.Timeout),
            StartPeriod = Nanoseconds(health.StartPeriod),
            StartInterval = Nanoseconds(health.StartInterval),
            Retries = health.Retries ?? 0,
        };

    private static long Nanoseconds(TimeSpan? span) => (span?.Ticks ?? 0) * 100;

    private static IReadOnlyList<string> Command(ContainerConfig config, CommandLine command) =>
        command.IsShellForm ? [.. config.Shell ?? RunCommandBuilder.DefaultShell, .. command.Args] : command.Args;

    /// <summary>A word that expands to nothing (<c>VOLUME ""</c>, <c>VOLUME $UNSET</c>) is refused, as BuildKit does.</summary>
    private static IReadOnlyList<string> NonEmpty(IReadOnlyList<string> volumes) => volumes.Contains("")
        ? throw new HoistException("VOLUME specified can not be an empty string")
        : volumes;

    private static List<string> Union(IReadOnlyList<string>? existing, IEnumerable<string> added) =>
        [.. (existing ?? []).Concat(added).Distinct().Order(StringComparer.Ordinal)];
}
