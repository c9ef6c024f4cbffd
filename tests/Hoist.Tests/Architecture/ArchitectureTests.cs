namespace Hoist.Tests.Architecture;

/// <summary>
/// The layering of DESIGN.md, enforced: every <c>using Hoist.X</c> and fully qualified <c>Hoist.X.</c> reference in
/// src/Hoist and src/Hoist.Cli is an edge between folders, and each edge must run down the declared order (or sit in
/// the commented allow-list below); no folders may form a cycle.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// Who may use whom directly; what a folder may use is everything reachable from it. Dependencies run one way:
    /// Cli → Building → Dispatch → Planning → (Checks) → Dockerfile;
    /// Building → (Snapshots, Execution, Registry, Formats, Analysis) → (Archives, Content) → Oci → Posix.
    /// Planning and Checks name platforms and image references (Oci); Dispatch emits the runtime-level command
    /// (Execution's RunCommand, NetworkMode) that the engine hands to the runtime unchanged; Posix (syscalls, Unix paths, atomic files, option fields,
    /// child processes) and the root's HoistException are the bottom under everything.
    /// </summary>
    private static readonly Dictionary<string, string[]> Uses = new()
    {
        ["Cli"] = ["Building"],
        ["Building"] = ["Building/Engine"],
        ["Building/Engine"] = ["Building/Cache", "Dispatch", "Snapshots", "Execution", "Registry", "Formats", "Analysis"],
        ["Building/Cache"] = ["Building/Copy"],
        ["Building/Copy"] = ["Building/Context"],
        ["Building/Context"] = ["Dispatch", "Snapshots", "Execution", "Registry", "Formats", "Analysis"],
        ["Dispatch"] = ["Planning", "Execution"],
        ["Planning"] = ["Checks", "Oci"],
        ["Checks"] = ["Dockerfile", "Oci"],
        ["Dockerfile"] = ["Posix"],
        ["Snapshots"] = ["Archives", "Content"],
        ["Execution"] = ["Archives", "Content"],
        ["Registry"] = ["Archives", "Content"],
        ["Formats"] = ["Archives", "Content"],
        ["Analysis"] = ["Archives", "Content"],
        ["Archives"] = ["Oci"],
        ["Content"] = ["Oci"],
        ["Oci"] = ["Posix"],
        ["Posix"] = ["(root)"],
        ["(root)"] = [],
    };

    /// <summary>The engine never sees Dockerfile syntax: it receives typed steps from Dispatch.</summary>
    private static readonly string[] NotBelowBuilding = ["Checks", "Dockerfile"];

    /// <summary>
    /// Edges that run against the order today and are removed by the engine restructuring of issue 11; empty this list
    /// as they go (the test fails on an entry that is no longer needed, so it cannot go stale).
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> KnownViolations = new()
    {
    };

    [Fact]
    public void Every_folder_of_the_sources_has_a_place_in_the_order()
    {
        var unknown = SourceTree.Load().Files.Select(f => f.Layer).Distinct().Where(l => !Uses.ContainsKey(l)).Order().ToList();

        Assert.True(unknown.Count == 0, "folders missing from the layer order (add them to ArchitectureTests and DESIGN.md): "
            + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_dependency_runs_down_the_layer_order()
    {
        var violations = SourceTree.Load().Edges()
            .Where(e => !Allowed(e.From, e.To) && !KnownViolations.ContainsKey((e.From, e.To)))
            .Select(e => $"{e.From} → {e.To} ({e.File}: {e.Reference})").Distinct().ToList();

        Assert.True(violations.Count == 0, "dependencies against the layer order:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_known_violation_still_exists()
    {
        var edges = SourceTree.Load().Edges().Select(e => (e.From, e.To)).ToHashSet();

        var gone = KnownViolations.Keys.Where(k => !edges.Contains(k)).Select(k => $"{k.From} → {k.To}").ToList();

        Assert.True(gone.Count == 0, "remove from KnownViolations, the edge is gone: " + string.Join(", ", gone));
    }

    [Fact]
    public void No_folders_form_a_cycle()
    {
        var graph = SourceTree.Load().Edges().Where(e => !KnownViolations.ContainsKey((e.From, e.To))).GroupBy(e => e.FromFolder)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ToFolder).Where(t => t != g.Key).ToHashSet());

        var cycles = FolderCycles.Find(graph);

        Assert.True(cycles.Count == 0, "folders that depend on each other in a circle:\n" + string.Join("\n", cycles.Select(c => string.Join(", ", c))));
    }

    [Fact]
    public void The_order_itself_has_no_cycle()
    {
        Assert.Empty(FolderCycles.Find(Uses.ToDictionary(p => p.Key, p => p.Value.ToHashSet())));
    }

    [Fact]
    public void An_upward_reference_is_caught()
    {
        Assert.False(Allowed("Oci", "Registry"));
        Assert.False(Allowed("Registry", "Building/Cache"));
        Assert.False(Allowed("Building/Engine", "Dockerfile"));
        Assert.False(Allowed("Execution", "Snapshots"));
        Assert.True(Allowed("Cli", "Dockerfile"));
        Assert.True(Allowed("Building/Engine", "Planning"));
        Assert.True(Allowed("Dockerfile", "Posix"));
    }

    private static bool Allowed(string from, string to)
    {
        if (from == to) return true;
        var reachable = Reachable(from);
        if (from.StartsWith("Building", StringComparison.Ordinal) && NotBelowBuilding.Contains(to)) return false;
        return reachable.Contains(to);
    }

    private static HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var node))
        {
            foreach (var next in Uses.GetValueOrDefault(node, []))
            {
                if (seen.Add(next)) pending.Push(next);
            }
        }
        return seen;
    }
}
