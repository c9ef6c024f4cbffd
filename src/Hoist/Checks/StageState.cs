namespace Hoist.Checks;

/// <summary>
/// What the dispatch rules track through a stage, as BuildKit's dispatchState does: variables (base image ENV, ENV,
/// ARG values), declared ARG names, the SHELL in force, whether an absolute WORKDIR was set, and where CMD, ENTRYPOINT
/// and HEALTHCHECK were last set. A stage built on another continues its variables, ARGs, shell and WORKDIR flag.
/// </summary>
internal sealed class StageState
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public VariableList Variables { get; private init; } = new();

    public HashSet<string> DeclaredArgs { get; private init; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Shell { get; set; } = [];

    public bool WorkdirSet { get; set; }

    public Located? Cmd { get; set; }

    public Located? Entrypoint { get; set; }

    public Located? Healthcheck { get; set; }

    /// <summary>A stage on an image (facts from the store, if known) or scratch; PATH is always defined, as in BuildKit.</summary>
    public static StageState FromImage(BaseImageFacts? facts)
    {
        var state = new StageState { Shell = facts?.Shell ?? [] };
        foreach (var entry in facts?.Env ?? [])
        {
            var equals = entry.IndexOf('=');
            state.Variables.Set(equals < 0 ? entry : entry[..equals], equals < 0 ? "" : entry[(equals + 1)..]);
        }
        if (!state.Variables.Values.ContainsKey("PATH")) state.Variables.Set("PATH", DefaultPath);
        return state;
    }

    public StageState Continue() => new()
    {
        Variables = Variables.Clone(),
        DeclaredArgs = new HashSet<string>(DeclaredArgs, StringComparer.Ordinal),
        Shell = Shell,
        WorkdirSet = WorkdirSet,
    };
}
