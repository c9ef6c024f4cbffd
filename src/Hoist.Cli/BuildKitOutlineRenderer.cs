using System.Text;
using System.Text.Json;
using Hoist.Dockerfile.Expansion;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist build --call=outline</c> as buildx prints BuildKit's outline subrequest (dockerfile2llb/outline.go): the
/// target's name and description, the build args it uses (global ARGs its stages' FROM lines need, directly or through
/// another global's default, and every ARG of those stages) with their values, the secrets and SSH agents its RUNs
/// mount, each sorted by line; text as buildx's tabwriter tables, JSON as BuildKit's result.json. <c>hoist outline</c>
/// keeps Hoist's own, fuller formats.
/// </summary>
public static class BuildKitOutlineRenderer
{
    private sealed record Entry(string Name, string? Value, string? Description, int Line, bool Required = false)
    {
        /// <summary>The instruction's last line: BuildKit's location has one range per line.</summary>
        public int EndLine { get; init; } = Line;
    }

    public static void Write(string path, PlanOptions options, string format, TextWriter output)
    {
        var (text, fileName) = DockerfileInput.Read(path);
        // BuildKit refuses a blank base here too ("base name ($BASE) should not be blank"), unlike the targets listing.
        var plan = DockerfileFrontend.Plan(text, fileName, options);
        var stages = new[] { plan.Target }.Concat(plan.BuildOrder.Where(s => s.Index != plan.Target.Index).Reverse()).ToList();
        var expander = new ShellWordExpander(plan.EscapeChar);
        var globals = Globals(plan, text, fileName, expander);
        var args = Distinct(UsedGlobals(plan, expander, globals, stages).Concat(stages.SelectMany(StageArgs)));
        var secrets = Distinct(stages.SelectMany(s => s.Secrets.Select(secret => new Entry(secret.Id, null, null, secret.Line, secret.Required) { EndLine = secret.EndLine })));
        var ssh = Distinct(stages.SelectMany(SshAgents));
        if (format == "json") WriteJson(output, plan.Target, text, args, secrets, ssh);
        else WriteText(output, plan.Target, args, secrets, ssh);
    }

    /// <summary>First by name (the target's over its dependencies', as BuildKit visits them), then by line.</summary>
    private static IReadOnlyList<Entry> Distinct(IEnumerable<Entry> entries) =>
        [.. entries.DistinctBy(e => e.Name).OrderBy(e => e.Line)];

    /// <summary>A stage's ARGs. One without a default that takes a global's value is not its own entry (BuildKit's
    /// skipArgInfo): a declared global shows its definition instead, a predefined one (<c>ARG TARGETPLATFORM</c>) nothing.</summary>
    private static IEnumerable<Entry> StageArgs(PlannedStage stage) =>
        stage.Args.Where(arg => arg.Source != ArgValueSource.Global)
            .Select(arg => new Entry(arg.Name, arg.Value, arg.Description, arg.Line) { EndLine = arg.EndLine });

    private static IEnumerable<Entry> SshAgents(PlannedStage stage) =>
        stage.Instructions.OfType<RunInstruction>().SelectMany(run => run.Mounts
            .Where(m => m.Type == MountType.Ssh)
            .Select(m => new Entry(m.Id ?? "default", null, null, run.Line, m.Required) { EndLine = run.EndLine }));

    /// <summary>A global ARG's last definition: its line and every global its default needs, through earlier definitions too.</summary>
    private sealed record GlobalArg(int Line, int EndLine, HashSet<string> Needs);

    private static Dictionary<string, GlobalArg> Globals(BuildPlan plan, string text, string fileName, ShellWordExpander expander)
    {
        var globals = new Dictionary<string, GlobalArg>(StringComparer.Ordinal);
        var instructions = InstructionReader.Read(DockerfileParser.Parse(text, fileName));
        foreach (var arg in instructions.TakeWhile(i => i is not FromInstruction).OfType<ArgInstruction>())
        {
            foreach (var declaration in arg.Arguments)
            {
                var needs = Matched(expander, declaration.DefaultValue ?? "", plan.GlobalScope).ToHashSet(StringComparer.Ordinal);
                foreach (var name in needs.ToList()) if (globals.TryGetValue(name, out var earlier)) needs.UnionWith(earlier.Needs);
                globals[declaration.Name] = new GlobalArg(arg.Line, arg.EndLine, needs);
            }
        }
        return globals;
    }

    /// <summary>The globals the FROM lines of <paramref name="stages"/> name or their ARGs inherit, and what those need.</summary>
    private static IEnumerable<Entry> UsedGlobals(BuildPlan plan, ShellWordExpander expander, IReadOnlyDictionary<string, GlobalArg> globals, IReadOnlyList<PlannedStage> stages)
    {
        var named = stages.SelectMany(s => new[] { s.From.BaseName, s.From.Platform ?? "" }).SelectMany(w => Matched(expander, w, plan.GlobalScope))
            .Concat(stages.SelectMany(s => s.Args.Where(a => a.Source == ArgValueSource.Global).Select(a => a.Name)));
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in named.Where(globals.ContainsKey))
        {
            used.Add(name);
            used.UnionWith(globals[name].Needs.Where(globals.ContainsKey));
        }
        return plan.GlobalArgs.Where(a => used.Contains(a.Name)).GroupBy(a => a.Name).Select(g => g.Last())
            .Select(a => new Entry(a.Name, a.Value, a.Description, globals[a.Name].Line) { EndLine = globals[a.Name].EndLine });
    }

    private static IEnumerable<string> Matched(ShellWordExpander expander, string word, IReadOnlyDictionary<string, string> scope)
    {
        try
        {
            return expander.ExpandWordWithMatches(word, scope).Matched;
        }
        catch (ExpansionException)
        {
            return [];
        }
    }

    private static void WriteText(TextWriter output, PlannedStage target, IReadOnlyList<Entry> args, IReadOnlyList<Entry> secrets, IReadOnlyList<Entry> ssh)
    {
        if (target.Name is not null || target.Description is not null)
        {
            var rows = new List<string[]> { new[] { "TARGET:", target.Name ?? "(default)" } };
            if (target.Description is { } description) rows.Add(["DESCRIPTION:", description]);
            WriteTable(output, rows, padding: 1);
        }
        if (args.Count > 0) WriteTable(output, [["BUILD ARG", "VALUE", "DESCRIPTION"], .. args.Select(a => new[] { a.Name, a.Value ?? "", a.Description ?? "" })], padding: 3);
        if (secrets.Count > 0) WriteTable(output, [["SECRET", "REQUIRED"], .. secrets.Select(s => new[] { s.Name, s.Required ? "true" : "" })], padding: 3);
        if (ssh.Count > 0) WriteTable(output, [["SSH", "REQUIRED"], .. ssh.Select(s => new[] { s.Name, s.Required ? "true" : "" })], padding: 3);
    }

    /// <summary>Go's tabwriter (minwidth 0, the given padding): each cell but the last padded to its column's widest
    /// plus the padding; then a blank line, as buildx prints after each table.</summary>
    private static void WriteTable(TextWriter output, IReadOnlyList<string[]> rows, int padding)
    {
        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns - 1).Select(c => rows.Max(r => r[c].Length) + padding).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Concat(row.Take(columns - 1).Select((cell, c) => cell.PadRight(widths[c]))) + row[^1]);
        }
        output.WriteLine();
    }

    private static void WriteJson(TextWriter output, PlannedStage target, string text, IReadOnlyList<Entry> args, IReadOnlyList<Entry> secrets, IReadOnlyList<Entry> ssh)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (target.Name is { } name) json.WriteString("name", name);
            if (target.Description is { Length: > 0 } description) json.WriteString("description", description);
            WriteEntries(json, "args", args, withValue: true);
            WriteEntries(json, "secrets", secrets, withValue: false);
            WriteEntries(json, "ssh", ssh, withValue: false);
            json.WriteStartArray("sources");
            json.WriteBase64StringValue(Encoding.UTF8.GetBytes(text));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>BuildKit's Arg, Secret and SSH: empty fields left out (Go's omitempty), one location range per line of the instruction.</summary>
    private static void WriteEntries(Utf8JsonWriter json, string property, IReadOnlyList<Entry> entries, bool withValue)
    {
        if (entries.Count == 0) return;
        json.WriteStartArray(property);
        foreach (var entry in entries)
        {
            json.WriteStartObject();
            json.WriteString("name", entry.Name);
            if (withValue && entry.Description is { Length: > 0 } description) json.WriteString("description", description);
            if (withValue && entry.Value is { Length: > 0 } value) json.WriteString("value", value);
            if (entry.Required) json.WriteBoolean("required", true);
            json.WriteStartObject("location");
            json.WriteStartArray("ranges");
            for (var line = entry.Line; line <= Math.Max(entry.Line, entry.EndLine); line++)
            {
                json.WriteStartObject();
                json.WritePropertyName("start");
                json.WriteStartObject();
                json.WriteNumber("line", line);
                json.WriteEndObject();
                json.WritePropertyName("end");
                json.WriteStartObject();
                json.WriteNumber("line", line);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
