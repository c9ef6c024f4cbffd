using System.Collections.Immutable;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Planning;

/// <summary>
/// The variables a stage sees at one point, moved forward instruction by instruction with <see cref="Apply"/>.
/// Immutable: each step keeps its own scope, so the build engine can hold on to the scope of any instruction.
/// Rules (BuildKit's dockerfile2llb): ARG takes the build arg if given, else its default expanded in this scope, else
/// (no default) the global value of the same name; ENV expands every value of its line with the variables as they were
/// before the line; the later of an ENV and an ARG of the same name wins, as in BuildKit's LLB state: an ENV overrides an
/// ARG declared before it (Docker's documented "ENV always overrides ARG"), and an ARG with a value (build arg, default
/// or global) declared after an ENV overrides it for expansion and RUN, while the image config keeps the ENV's value;
/// an ARG without one leaves the ENV's.
/// Expansion errors are <see cref="ExpansionException"/>; callers add file and line. Besides the limit on each
/// expansion, the variables together are limited to <see cref="MaxVariablesLength"/>, so ENV/ARG lines that each copy
/// a large value cannot add up without bound.
/// </summary>
public sealed class StageScope
{
    /// <summary>16 MiB: the most text (names and values) the variables of one stage may hold together.</summary>
    public const int MaxVariablesLength = 16 << 20;

    private static readonly NamedEntries<KeyValue> NoEnvironment = NamedEntries<KeyValue>.Empty(e => e.Key);
    private static readonly NamedEntries<ResolvedArg> NoArgs = NamedEntries<ResolvedArg>.Empty(a => a.Name);

    private readonly ShellWordExpander _expander;
    private readonly IReadOnlyDictionary<string, string> _buildArgs;
    private readonly IReadOnlyDictionary<string, string> _globalArgs;
    private readonly ImmutableDictionary<string, string> _variables;
    private readonly NamedEntries<KeyValue> _environment;
    private readonly NamedEntries<ResolvedArg> _args;
    private readonly long _variablesLength;

    private StageScope(
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> globalArgs,
        ImmutableDictionary<string, string> variables,
        NamedEntries<KeyValue> environment,
        NamedEntries<ResolvedArg> args)
    {
        _expander = expander;
        _buildArgs = buildArgs;
        _globalArgs = globalArgs;
        _variables = variables;
        _environment = environment;
        _args = args;
        _variablesLength = variables.Sum(kv => (long)kv.Key.Length + kv.Value.Length);
    }

    private StageScope(StageScope from, ImmutableDictionary<string, string> variables, long variablesLength,
        NamedEntries<KeyValue> environment, NamedEntries<ResolvedArg> args)
    {
        _expander = from._expander;
        _buildArgs = from._buildArgs;
        _globalArgs = from._globalArgs;
        _variables = variables;
        _environment = environment;
        _args = args;
        _variablesLength = variablesLength;
    }

    /// <summary>
    /// The scope at the start of a stage whose base is an image (or scratch). <paramref name="baseEnvironment"/> is the
    /// base image's config Env; a stage based on another stage continues from that stage's final scope instead.
    /// </summary>
    public static StageScope Start(
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> buildArgs,
        IReadOnlyDictionary<string, string> globalArgs,
        IEnumerable<KeyValue>? baseEnvironment = null)
    {
        var environment = NoEnvironment;
        var variables = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);
        foreach (var entry in baseEnvironment ?? [])
        {
            environment = environment.Set(entry);
            variables = variables.SetItem(entry.Key, entry.Value);
        }
        return new StageScope(expander, buildArgs, globalArgs, variables, environment, NoArgs);
    }

    /// <summary>
    /// The scope of the ARGs before the first FROM: it starts with the predefined platform args and has no global
    /// scope above it, so an <c>ARG NAME</c> there without default or build arg stays unset.
    /// </summary>
    public static StageScope StartGlobal(
        ShellWordExpander expander,
        IReadOnlyDictionary<string, string> buildArgs,
        IEnumerable<KeyValuePair<string, string>> predefined)
    {
        var variables = ImmutableDictionary.CreateRange(StringComparer.Ordinal, predefined);
        return new StageScope(expander, buildArgs, ImmutableDictionary<string, string>.Empty, variables, NoEnvironment, NoArgs);
    }

    /// <summary>Every variable expansion sees: the environment plus ARGs with values.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>ENV entries in the order they were first set (the image config's Env).</summary>
    public IReadOnlyList<KeyValue> Environment => _environment.Items;

    /// <summary>ARGs declared so far (a redeclared name keeps its first position with its latest value).</summary>
    public IReadOnlyList<ResolvedArg> Args => _args.Items;

    /// <summary>The ARG of this name declared so far, or null.</summary>
    public ResolvedArg? ArgNamed(string name) => _args.Find(name);

    /// <summary>
    /// Proxy values from the build args, as the environment of every RUN whether or not the stage declares them, kept
    /// out of the history and the cache key (see <see cref="PredefinedArgs.IsProxyArg"/>). As BuildKit's ProxyEnv: a
    /// build arg names a proxy in any letter case (the last in ordinal order wins), and RUN sees it under both the
    /// upper- and the lower-case name (<c>http_proxy=v</c> gives <c>HTTP_PROXY=v</c> and <c>http_proxy=v</c>).
    /// </summary>
    public IReadOnlyList<KeyValue> ProxyVariables =>
        [.. PredefinedArgs.ProxyKinds.SelectMany(kind => _buildArgs
            .Where(kv => string.Equals(kv.Key, kind, StringComparison.OrdinalIgnoreCase))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).TakeLast(1)
            .SelectMany(value => new[] { new KeyValue(kind, value), new KeyValue(kind.ToLowerInvariant(), value) }))];

    public string ExpandWord(string word) => _expander.ExpandWord(word, _variables);

    public IReadOnlyList<string> ExpandWords(string text) => _expander.ExpandWords(text, _variables);

    /// <summary>
    /// The body of a COPY/ADD heredoc with an unquoted marker, as BuildKit expands it: variables and backslash escapes,
    /// quotes kept as content.
    /// </summary>
    public string ExpandHeredoc(string content) => HeredocExpander.ExpandWord(content, _variables);

    /// <summary>A heredoc body is a file's content: it may grow up to the parser's line limit, not just a word's.</summary>
    private static readonly ShellWordExpander HeredocExpander = new() { ProcessQuotes = false, MaxLength = DockerfileParser.MaxLineLength };

    /// <summary>The scope after <paramref name="instruction"/>: ARG and ENV change it, anything else leaves it as is.</summary>
    public StageScope Apply(Instruction instruction) => instruction switch
    {
        ArgInstruction arg => Declare(arg),
        EnvInstruction env => Set(env),
        _ => this,
    };

    private StageScope Declare(ArgInstruction instruction)
    {
        var scope = this;
        foreach (var declaration in instruction.Arguments)
        {
            scope = scope.Declare(declaration, (instruction.Line, instruction.EndLine), instruction.DescriptionOf(declaration.Name));
        }
        return scope;
    }

    private StageScope Declare(ArgDeclaration declaration, (int First, int Last) lines, string? description)
    {
        var name = declaration.Name;
        string? value;
        ArgValueSource source;
        if (_buildArgs.TryGetValue(name, out var given))
        {
            (value, source) = (given, ArgValueSource.BuildArg);
        }
        else if (declaration.DefaultValue is { } defaultValue)
        {
            // Each ARG of a line sees the ones before it: BuildKit adds them to the state one by one.
            (value, source) = (ExpandWord(defaultValue), ArgValueSource.Default);
        }
        else if (_globalArgs.TryGetValue(name, out var global))
        {
            (value, source) = (global, ArgValueSource.Global);
        }
        else
        {
            (value, source) = (null, ArgValueSource.Unset);
        }

        var shownDefault = declaration.DefaultValue is not { } written ? null : source == ArgValueSource.Default ? value : ShownDefault(written);
        var resolved = new ResolvedArg(name, shownDefault, value, source, lines.First) { Description = description, EndLine = lines.Last };
        var args = _args.Set(resolved);
        var variables = _variables;
        var length = _variablesLength;
        if (value is not null)
        {
            (variables, length) = SetVariable(variables, length, name, value);
        }
        return new StageScope(this, variables, length, _environment, args);
    }

    /// <summary>
    /// A default that a build arg overrides is expanded only to be shown: BuildKit never evaluates it, so one that fails
    /// (<c>${FOO:?message}</c>) is shown as written rather than failing the build.
    /// </summary>
    private string ShownDefault(string written)
    {
        try
        {
            return ExpandWord(written);
        }
        catch (ExpansionException)
        {
            return written;
        }
    }

    private StageScope Set(EnvInstruction instruction)
    {
        // Expand the whole line against the scope before it: `ENV A=1 B=$A` gives B the old A.
        var expanded = instruction.Variables.Select(kv => new KeyValue(ExpandWord(kv.Key), ExpandWord(kv.Value))).ToList();
        var environment = _environment;
        var variables = _variables;
        var length = _variablesLength;
        foreach (var entry in expanded)
        {
            environment = environment.Set(entry);
            (variables, length) = SetVariable(variables, length, entry.Key, entry.Value);
        }
        return new StageScope(this, variables, length, environment, _args);
    }

    /// <summary>Sets one variable, keeping the running total of their text within <see cref="MaxVariablesLength"/>.</summary>
    private static (ImmutableDictionary<string, string>, long) SetVariable(ImmutableDictionary<string, string> variables, long length,
        string name, string value)
    {
        var replaced = variables.TryGetValue(name, out var old) ? name.Length + old.Length : 0;
        var total = length - replaced + name.Length + value.Length;
        if (total > MaxVariablesLength)
        {
            throw new ExpansionException(
                $"the variables of this stage (ENV and ARG) would hold more than {MaxVariablesLength >> 20} MiB ({MaxVariablesLength} characters), Hoist's limit");
        }
        return (variables.SetItem(name, value), total);
    }
}
