using System.Text.RegularExpressions;

namespace Hoist.Tests.Architecture;

/// <summary>The C# files of src/Hoist and src/Hoist.Cli with the folder each lives in and the Hoist namespaces it names.</summary>
internal sealed partial class SourceTree
{
    private readonly string _library;
    private readonly string _cli;

    private SourceTree(string repository)
    {
        _library = Path.Combine(repository, "src", "Hoist");
        _cli = Path.Combine(repository, "src", "Hoist.Cli");
        Files = [.. SourceFiles(_library, "").Concat(SourceFiles(_cli, "Cli"))];
    }

    public IReadOnlyList<SourceFile> Files { get; }

    public static SourceTree Load() => new(RepositoryRoot());

    /// <summary>Every reference from one folder to another (same-folder references are left out).</summary>
    public IEnumerable<SourceEdge> Edges()
    {
        foreach (var file in Files)
        {
            foreach (var line in File.ReadLines(file.Path))
            {
                if (line.TrimStart().StartsWith("namespace ", StringComparison.Ordinal)) continue;
                foreach (Match match in Reference().Matches(line))
                {
                    var target = FolderOf(match.Groups[1].Value);
                    if (target == file.Folder) continue;
                    yield return new SourceEdge(file.Relative, match.Value, file.Folder, target, LayerOf(file.Folder), LayerOf(target));
                }
            }
        }
    }

    /// <summary>The layer a folder belongs to: Building's subfolders each on their own, any other subfolder with its
    /// top folder (Dockerfile/Parsing is Dockerfile, Cli/Json is Cli).</summary>
    public static string LayerOf(string folder)
    {
        var parts = folder.Split('/');
        return parts[0] == "Building" && parts.Length > 1 ? "Building/" + parts[1] : parts[0];
    }

    /// <summary>The folder a dotted name after <c>Hoist.</c> points into: its longest prefix that is a folder.</summary>
    private string FolderOf(string dotted)
    {
        var segments = dotted.Split('.');
        var (directory, folder, start) = segments[0] == "Cli" ? (_cli, "Cli", 1) : (_library, "", 0);
        foreach (var segment in segments.Skip(start))
        {
            var next = Path.Combine(directory, segment);
            if (!Directory.Exists(next)) break;
            (directory, folder) = (next, folder.Length == 0 ? segment : folder + "/" + segment);
        }
        return folder.Length == 0 ? "(root)" : folder;
    }

    private static IEnumerable<SourceFile> SourceFiles(string root, string rootFolder) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => (path, relative: Path.GetRelativePath(root, path).Replace('\\', '/')))
            .Where(f => !f.relative.StartsWith("obj/", StringComparison.Ordinal) && !f.relative.StartsWith("bin/", StringComparison.Ordinal))
            .Select(f =>
            {
                var directory = Path.GetDirectoryName(f.relative)!.Replace('\\', '/');
                var folder = directory.Length == 0 ? (rootFolder.Length == 0 ? "(root)" : rootFolder)
                    : rootFolder.Length == 0 ? directory : rootFolder + "/" + directory;
                return new SourceFile(f.path, Path.GetRelativePath(Path.GetDirectoryName(root)!, f.path), folder, LayerOf(folder));
            });

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hoist.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Hoist.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>Hoist.X.Y</c> not preceded by a name character or dot (so <c>global::Hoist.X</c> counts,
    /// <c>Foo.Hoist.X</c> does not).</summary>
    [GeneratedRegex(@"(?<![\w.])Hoist\.([A-Z]\w*(?:\.[A-Z]\w*)*)")]
    private static partial Regex Reference();
}
