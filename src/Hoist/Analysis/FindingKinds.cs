namespace Hoist.Analysis;

/// <summary>The names of <see cref="FindingKind"/> as <c>--fail-on</c> and the JSON output spell them.</summary>
public static class FindingKinds
{
    private static readonly (FindingKind Kind, string Name)[] Names =
    [
        (FindingKind.Shell, "shell"), (FindingKind.PackageManager, "package-manager"), (FindingKind.Compiler, "compiler"),
        (FindingKind.Setuid, "setuid"), (FindingKind.Setgid, "setgid"), (FindingKind.WorldWritable, "world-writable"),
        (FindingKind.PrivateKey, "private-key"), (FindingKind.Credential, "credential"), (FindingKind.Root, "root"),
    ];

    public static string NameOf(FindingKind kind) => Names.First(n => n.Kind == kind).Name;

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    /// <summary>Parses a comma-separated list such as <c>setuid,private-key,root</c>; <c>all</c> names every kind.</summary>
    public static IReadOnlySet<FindingKind> ParseList(string text)
    {
        var kinds = new HashSet<FindingKind>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "all")
            {
                kinds.UnionWith(Names.Select(n => n.Kind));
                continue;
            }
            var match = Names.Where(n => n.Name == part).Select(n => (FindingKind?)n.Kind).FirstOrDefault()
                ?? throw new HoistException($"unknown finding \"{part}\" in --fail-on (known: {string.Join(", ", All)}, all)");
            kinds.Add(match);
        }
        return kinds;
    }
}
