using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Dispatch;

/// <summary>Where a stage's dispatch starts: scratch, a base image's config (whose ONBUILD triggers run first), or the
/// final state of the stage it is built on.</summary>
public sealed record StageStart(DispatchState State, IReadOnlyList<Instruction> Triggers)
{
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static StageStart Scratch(BuildPlan plan) =>
        Start(plan, new ContainerConfig { Env = [DefaultPath], WorkingDir = "/" }, null, []);

    /// <summary>An image's config as a stage's start: BuildKit adds the default PATH when the image has none, and the
    /// image's ONBUILD triggers (parsed by the frontend) run before the stage's own instructions. Empty fields are
    /// absent, as BuildKit reads them: an empty WorkingDir means RUN runs in / (runc refuses an empty cwd).</summary>
    public static StageStart FromImage(BuildPlan plan, ImageConfig image)
    {
        var config = WithDefaultPath((image.Config ?? new ContainerConfig()).WithoutEmptyFields());
        var triggers = DockerfileFrontend.ParseTriggers(config.OnBuild ?? [], plan.FileName);
        return Start(plan, config with { OnBuild = config.OnBuild is { Count: > 0 } ? null : config.OnBuild }, image.Author, triggers);
    }

    /// <summary>BuildKit (and docker run) give an image without PATH the default one.</summary>
    public static ContainerConfig WithDefaultPath(ContainerConfig config)
    {
        var env = config.Env ?? [];
        return env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)) ? config : config with { Env = [DefaultPath, .. env] };
    }

    /// <summary>A stage built on another: its final state, without the ONBUILD list (triggers of a stage run through
    /// planning, not through the config).</summary>
    public static StageStart FromStage(DispatchState parent) => new(parent with
    {
        ConfigState = parent.ConfigState with { Config = parent.ConfigState.Config with { OnBuild = null }, CmdSetHere = false },
    }, []);

    private static StageStart Start(BuildPlan plan, ContainerConfig config, string? author, IReadOnlyList<Instruction> triggers)
    {
        var expander = new ShellWordExpander(plan.EscapeChar);
        var scope = StageScope.Start(expander, plan.BuildArgs, plan.GlobalScope, ParseEnv(config.Env));
        return new(new DispatchState { ConfigState = new ConfigState(config, author), Scope = scope }, triggers);
    }

    private static IEnumerable<KeyValue> ParseEnv(IReadOnlyList<string>? env) => (env ?? []).Select(e =>
    {
        var equals = e.IndexOf('=');
        return equals < 0 ? new KeyValue(e, "") : new KeyValue(e[..equals], e[(equals + 1)..]);
    });
}
