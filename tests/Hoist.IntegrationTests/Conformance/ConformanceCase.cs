using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// One recorded BuildKit build from tests/conformance/cases (see tests/conformance/README.md): its Dockerfile and
/// context, the extra build arguments and BuildKit's normalised result.
/// </summary>
public sealed partial record ConformanceCase(string Name, string Directory, IReadOnlyList<string> BuildArgs, JsonObject Expected)
{
    public const string FixtureRegistry = "127.0.0.1:5000";

    /// <summary>In build.args: the path of the case's context copy.</summary>
    public const string ContextPlaceholder = "{context}";

    public static string CorpusDirectory => Path.Combine(HoistProcess.RepositoryRoot, "tests", "conformance");

    /// <summary>Every case directory name, or only those starting with HOIST_CONFORMANCE_ONLY (e.g. <c>25</c>) when set.</summary>
    public static TheoryData<string> Names()
    {
        var only = Environment.GetEnvironmentVariable("HOIST_CONFORMANCE_ONLY");
        var data = new TheoryData<string>();
        foreach (var dir in System.IO.Directory.GetDirectories(Path.Combine(CorpusDirectory, "cases")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (string.IsNullOrEmpty(only) || only.Split(',').Any(o => name.StartsWith(o.Trim(), StringComparison.Ordinal))) data.Add(name);
        }
        return data;
    }

    /// <summary>tests/conformance/known-differences.json: case directory name → why Hoist does not (yet) match BuildKit.</summary>
    public static IReadOnlyDictionary<string, string> KnownDifferences { get; } = LoadKnownDifferences();

    public bool IsFailure => (string?)Expected["result"] == "failure";

    /// <summary>BuildKit's second build of a case with <c>rebuild/</c> (see <see cref="ConformanceRebuild"/>), else null.</summary>
    public JsonObject? Rebuild => Expected["rebuild"] as JsonObject;

    /// <summary>Lays the files of <c>rebuild/</c> over a context <see cref="CopyContext"/> made, with the same modes.</summary>
    public void ApplyRebuild(string context) =>
        CopyTree(Path.Combine(Directory, ConformanceRebuild.DirectoryName), context, top: false);

    /// <summary>Images under the fixture registry that the Dockerfile names (fixtures and parents), which the store must hold.</summary>
    public IEnumerable<string> ReferencedImages =>
        FixtureReference().Matches(File.ReadAllText(Path.Combine(Directory, "Dockerfile"))).Select(m => m.Value).Distinct();

    public static ConformanceCase Load(string name)
    {
        var dir = Path.Combine(CorpusDirectory, "cases", name);
        var argsFile = Path.Combine(dir, "build.args");
        var args = File.Exists(argsFile)
            ? File.ReadAllLines(argsFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : [];
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")))!.AsObject();
        return new ConformanceCase(name, dir, args, expected);
    }

    /// <summary>
    /// Copies the build context (the case directory minus expected.json, build.args and rebuild/) to a new temp directory, with
    /// the modes a git checkout under umask 022 gives: directories 0755, files 0644, executables 0755.
    /// </summary>
    public string CopyContext()
    {
        var target = System.IO.Directory.CreateTempSubdirectory("hoist-conformance-context-").FullName;
        SetMode(target, (UnixFileMode)0b111_101_101);
        CopyTree(Directory, target, top: true);
        return target;
    }

    private static void CopyTree(string source, string target, bool top)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            if (top && entry.Name is "expected.json" or "build.args" or ConformanceRebuild.DirectoryName) continue;
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                System.IO.Directory.CreateDirectory(destination);
                SetMode(destination, (UnixFileMode)0b111_101_101);
                CopyTree(entry.FullName, destination, top: false);
            }
            else
            {
                File.Copy(entry.FullName, destination, overwrite: true);
                var executable = (entry.UnixFileMode & UnixFileMode.UserExecute) != 0;
                SetMode(destination, (UnixFileMode)(executable ? 0b111_101_101 : 0b110_100_100));
            }
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    private static Dictionary<string, string> LoadKnownDifferences()
    {
        var path = Path.Combine(CorpusDirectory, "known-differences.json");
        if (!File.Exists(path)) return [];
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
    }

    [GeneratedRegex(@"127\.0\.0\.1:5000/[A-Za-z0-9._/-]+(:[A-Za-z0-9._-]+)?")]
    private static partial Regex FixtureReference();
}
