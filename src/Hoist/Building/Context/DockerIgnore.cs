using Hoist.Posix;

namespace Hoist.Building.Context;

/// <summary>
/// Reads .dockerignore files the way BuildKit does (moby/patternmatcher's ignorefile reader + the dockerui frontend).
/// </summary>
public static class DockerIgnore
{
    public const string DefaultFileName = ".dockerignore";

    /// <summary>
    /// Parses ignore-file text. Lines starting with <c>#</c> (before any trimming) are comments; other lines are
    /// trimmed, blank ones skipped, cleaned, and a leading <c>/</c> is dropped, so <c>/a</c> and <c>a</c> are the same
    /// pattern. A malformed pattern throws <see cref="HoistException"/> <c>&lt;file&gt;:&lt;line&gt;: ...</c>.
    /// </summary>
    public static PathPatternSet Parse(string text, string fileName = DefaultFileName)
    {
        var patterns = new List<PathPattern>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.EndsWith('\r')) line = line[..^1];
            if (index == 0 && line.StartsWith('\uFEFF')) line = line[1..];
            if (line.StartsWith('#')) continue;
            var pattern = line.Trim();
            if (pattern.Length == 0) continue;
            var exception = pattern[0] == '!';
            if (exception) pattern = pattern[1..].Trim();
            if (pattern.Length > 0)
            {
                pattern = UnixPath.Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/') pattern = pattern[1..];
            }
            if (exception) pattern = "!" + pattern;
            try
            {
                if (PathPattern.Parse(pattern) is { } parsed) patterns.Add(parsed);
            }
            catch (HoistException e)
            {
                throw new HoistException($"{fileName}:{index + 1}: {e.Message}", e);
            }
        }
        return new PathPatternSet(patterns);
    }

    /// <summary>
    /// Finds and parses the ignore file for a build: <c>&lt;Dockerfile&gt;.dockerignore</c> next to the Dockerfile wins
    /// over <c>.dockerignore</c> at the context root (BuildKit, Dockerfile frontend). No file means no patterns.
    /// The Dockerfile and the ignore file get no special treatment: BuildKit reads the Dockerfile separately, and if
    /// they are ignored, <c>COPY . .</c> does not copy them.
    /// </summary>
    public static PathPatternSet Load(string contextDirectory, string? dockerfilePath = null)
    {
        if (dockerfilePath is not null)
        {
            var specific = dockerfilePath + DefaultFileName;
            if (File.Exists(specific)) return Parse(File.ReadAllText(specific), Path.GetFileName(specific));
        }
        var general = Path.Combine(contextDirectory, DefaultFileName);
        return File.Exists(general) ? Parse(File.ReadAllText(general)) : PathPatternSet.Empty;
    }
}
