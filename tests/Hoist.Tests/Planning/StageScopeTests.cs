using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Planning;

namespace Hoist.Tests.Planning;

/// <summary>The scope on its own, as the build engine uses it: one instruction at a time, each step immutable.</summary>
public sealed class StageScopeTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private static StageScope Start(
        IReadOnlyDictionary<string, string>? buildArgs = null,
        IReadOnlyDictionary<string, string>? globals = null,
        IEnumerable<KeyValue>? baseEnvironment = null) =>
        StageScope.Start(new ShellWordExpander(), buildArgs ?? NoArgs, globals ?? NoArgs, baseEnvironment);

    private static EnvInstruction Env(params KeyValue[] variables) =>
        new() { Variables = variables, Line = 1, EndLine = 1, Original = "ENV" };

    [Fact]
    public void Every_value_on_one_ENV_line_is_expanded_with_the_variables_before_the_line()
    {
        var scope = Start().Apply(Env(new KeyValue("A", "old")))
            .Apply(Env(new KeyValue("A", "new"), new KeyValue("B", "$A"), new KeyValue("C", "${A}-$B")));

        Assert.Equal("new", scope.Variables["A"]);
        Assert.Equal("old", scope.Variables["B"]);
        Assert.Equal("old-", scope.Variables["C"]);
    }

    [Fact]
    public void ENV_keeps_first_set_order_and_replaces_values_in_place()
    {
        var scope = Start(baseEnvironment: [new("PATH", "/usr/bin")])
            .Apply(Env(new KeyValue("A", "1")))
            .Apply(Env(new KeyValue("PATH", "/opt/bin:$PATH")));

        Assert.Equal([new KeyValue("PATH", "/opt/bin:/usr/bin"), new KeyValue("A", "1")], scope.Environment);
    }

    [Fact]
    public void A_heredoc_body_expands_variables_and_escapes_but_keeps_quotes()
    {
        var scope = Start().Apply(Env(new KeyValue("NAME", "conformance")));

        Assert.Equal("hello conformance \"conformance\" 'x' $NAME\n", scope.ExpandHeredoc("hello ${NAME} \"$NAME\" 'x' \\$NAME\n"));
    }

    [Fact]
    public void Applying_returns_a_new_scope_and_leaves_the_old_one_untouched()
    {
        var before = Start();
        var after = before.Apply(InstructionList.ArgAt(1, "A=1"));

        Assert.Empty(before.Variables);
        Assert.Empty(before.Args);
        Assert.Equal("1", after.Variables["A"]);
    }

    [Fact]
    public void Instructions_other_than_ARG_and_ENV_do_not_change_the_scope()
    {
        var scope = Start();

        Assert.Same(scope, scope.Apply(InstructionList.RunAt(1, "echo")));
    }

    [Fact]
    public void A_redeclared_ARG_keeps_its_position_with_the_latest_value()
    {
        var scope = Start(buildArgs: new Dictionary<string, string> { ["B"] = "given" })
            .Apply(InstructionList.ArgAt(1, "A=1", "B"))
            .Apply(InstructionList.ArgAt(2, "A=2"));

        Assert.Equal(["A", "B"], scope.Args.Select(a => a.Name));
        Assert.Equal("2", scope.Args[0].Value);
        Assert.Equal(ArgValueSource.BuildArg, scope.Args[1].Source);
    }

    [Fact]
    public void Expansion_uses_the_current_variables()
    {
        var scope = Start().Apply(InstructionList.ArgAt(1, "NAME=world"));

        Assert.Equal("hello world", scope.ExpandWord("hello $NAME"));
        Assert.Equal(["a", "world"], scope.ExpandWords("a ${NAME}"));
    }

    [Fact]
    public void Expansion_errors_surface_as_ExpansionException_for_the_caller_to_locate()
    {
        Assert.Throws<ExpansionException>(() => Start().Apply(InstructionList.ArgAt(1, "A=${B")));
    }
}
