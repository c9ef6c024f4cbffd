using System.Text;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Tests.Dockerfile;

/// <summary>
/// A hostile Dockerfile cannot make Hoist take memory out of proportion to it: an expansion is limited to 1 MiB,
/// the variables of a stage to 16 MiB together, and a line (physical, with its continuations, or a heredoc body) to
/// 16 MiB. Each limit fails at once with a one-line <c>Dockerfile:N:</c> error. (Before the limits, doubling a
/// variable 40 times ended in an OutOfMemoryException.)
/// </summary>
public sealed class InputLimitTests
{
    private const string WordLimit = "the expanded text is longer than 1 MiB (1048576 characters), Hoist's limit for an expansion";

    private static DockerfileException PlanFails(string dockerfile) =>
        Assert.Throws<DockerfileException>(() => DockerfileFrontend.Plan(dockerfile, "Dockerfile", new PlanOptions()));

    private static string Repeat(string line, int times) => string.Concat(Enumerable.Repeat(line + "\n", times));

    [Theory]
    [InlineData("ENV a=x\n", "ENV a=$a$a")]
    [InlineData("ARG a=x\n", "ARG a=$a$a")]
    [InlineData("ENV a=x\n", "LABEL l=1\nENV a=\"$a$a\"")]
    public void Doubling_a_variable_stops_at_the_expansion_limit(string first, string doubling)
    {
        var error = PlanFails("FROM scratch\n" + first + Repeat(doubling, 24));

        // 2^21 characters passes 1 MiB: the 21st doubling fails, on its own line.
        var linesPerDoubling = doubling.Count(c => c == '\n') + 1;
        Assert.StartsWith($"Dockerfile:{2 + 21 * linesPerDoubling}: failed to process ", error.Message);
        Assert.EndsWith(WordLimit, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_replacement_that_multiplies_a_value_stops_at_the_expansion_limit()
    {
        var error = PlanFails("FROM scratch\nENV b=" + new string('x', 2048) + "\nENV b=${b//x/$b}\n");

        Assert.StartsWith("Dockerfile:3: failed to process \"${b//x/$b}\": ", error.Message);
        Assert.EndsWith(WordLimit, error.Message);
    }

    [Fact]
    public void Many_variables_copying_a_large_value_stop_at_the_stage_limit()
    {
        var dockerfile = "FROM scratch\nENV a=x\n" + Repeat("ENV a=$a$a", 20) + string.Concat(Enumerable.Range(1, 20).Select(i => $"ENV b{i}=$a\n"));

        var error = PlanFails(dockerfile);

        Assert.Matches(@"^Dockerfile:\d+: the variables of this stage \(ENV and ARG\) would hold more than 16 MiB \(16777216 characters\), Hoist's limit$",
            error.Message);
    }

    [Fact]
    public void A_line_longer_than_16_MiB_is_refused()
    {
        var error = Assert.Throws<DockerfileException>(() =>
            DockerfileParser.Parse("FROM scratch\nLABEL a=" + new string('a', DockerfileParser.MaxLineLength) + "\n"));

        Assert.Equal("Dockerfile:2: line is longer than 16 MiB (16777216 characters), Hoist's limit", error.Message);
    }

    [Fact]
    public void A_long_line_fails_before_the_rest_of_it_is_read()
    {
        var endless = new EndlessLine("FROM scratch\nRUN ");

        Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(endless));

        Assert.InRange(endless.Served, DockerfileParser.MaxLineLength, DockerfileParser.MaxLineLength + (64 << 10));
    }

    [Fact]
    public void Continuation_lines_together_are_limited_like_one_line()
    {
        var part = "RUN " + new string('a', 1 << 20) + " \\\n";
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\n" + Repeat(part, 17) + "true\n"));

        Assert.Equal("Dockerfile:2: instruction is longer than 16 MiB (16777216 characters), Hoist's limit with its continuation lines", error.Message);
    }

    [Fact]
    public void An_instruction_of_continuation_lines_over_1_MiB_under_the_limit_parses_with_the_next_one()
    {
        // Before, giving back the long instruction's buffer threw ArgumentOutOfRangeException (a stack trace).
        var syntax = DockerfileParser.Parse("FROM scratch\nRUN a \\\n" + Repeat(" b \\", 1 << 19) + " c\nLABEL x=y\n");

        Assert.Equal(["from", "run", "label"], syntax.Instructions.Select(i => i.Keyword));
        Assert.InRange(syntax.Instructions[1].Rest.Length, 1 << 20, 2 << 20);
    }

    [Fact]
    public void A_Dockerfile_holds_at_most_2000_instructions()
    {
        // Each step keeps the config it sees: 20,000 LABEL lines took gigabytes and minutes before the limit.
        var atLimit = "FROM scratch\n" + Repeat("LABEL a=b", DockerfileParser.MaxInstructions - 1);

        var plan = DockerfileFrontend.Plan(atLimit, "Dockerfile", new PlanOptions());
        var error = PlanFails(atLimit + "# over\nLABEL c=d\n" + Repeat("LABEL e=f", 20000));

        Assert.Single(plan.Stages);
        Assert.Equal("Dockerfile:2002: more than 2000 instructions, Hoist's limit for a Dockerfile", error.Message);
    }

    [Fact]
    public void An_images_onbuild_list_holds_at_most_2000_triggers()
    {
        var triggers = Enumerable.Repeat("LABEL a=b", DockerfileParser.MaxInstructions + 1).ToList();

        var error = Assert.Throws<DockerfileException>(() => DockerfileFrontend.ParseTriggers(triggers, "Dockerfile"));

        Assert.EndsWith("more than 2000 instructions, Hoist's limit for a Dockerfile", error.Message);
    }

    [Fact]
    public void A_heredoc_body_is_limited_like_a_line()
    {
        var body = Repeat(new string('a', 1 << 20), 17);
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\nRUN <<EOF\n" + body + "EOF\n"));

        Assert.Equal("Dockerfile:2: heredoc <<EOF is longer than 16 MiB (16777216 characters), Hoist's limit", error.Message);
    }

    [Fact]
    public void A_long_literal_word_is_no_expansion_and_stays_acceptable_but_copying_it_is_growth()
    {
        var value = new string('v', 2 << 20);

        var plan = DockerfileFrontend.Plan($"FROM scratch\nENV big={value}\n", "Dockerfile", new PlanOptions());
        var error = PlanFails($"FROM scratch\nENV big={value}\nENV copy=$big\n");

        Assert.Equal(value, plan.Target.FinalScope!.Variables["big"]);
        Assert.Equal($"Dockerfile:3: failed to process \"$big\": {WordLimit}", error.Message);
    }

    /// <summary>A Dockerfile whose last line never ends; counts the characters handed out.</summary>
    private sealed class EndlessLine(string start) : TextReader
    {
        private int _startServed;

        public long Served { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            if (_startServed < start.Length)
            {
                var n = Math.Min(count, start.Length - _startServed);
                start.CopyTo(_startServed, buffer, index, n);
                _startServed += n;
                Served += n;
                return n;
            }
            buffer.AsSpan(index, count).Fill('x');
            Served += count;
            return count;
        }
    }
}
