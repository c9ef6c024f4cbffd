using Hoist.Building.Context;
using Hoist.Checks;
using Hoist.Posix;

namespace Hoist.Cli;

/// <summary>What the Dockerfile checks need from a build context: its .dockerignore and which paths it has.</summary>
public static class ContextCheckInputs
{
    /// <summary>
    /// Check inputs for a context directory: CopyIgnoredFile's .dockerignore predicate (the Dockerfile-specific ignore
    /// file first, as the build does) and, for HoistCopyFromContextNotStage, whether a path exists and is not ignored.
    /// A context fetched from a URL has no ignore file (<paramref name="readsIgnoreFile"/> false), as in BuildKit.
    /// CopyIgnoredFile is not checked at all when the file has an exception (<c>!path</c>): a file may be re-included
    /// inside an excluded directory, which BuildKit (since d4e025aa) does not try to decide statically.
    /// </summary>
    public static CheckOptions For(string contextDirectory, string? dockerfilePath = null, bool readsIgnoreFile = true)
    {
        var ignore = readsIgnoreFile ? DockerIgnore.Load(contextDirectory, dockerfilePath) : PathPatternSet.Empty;
        var root = Path.GetFullPath(contextDirectory);
        return new CheckOptions
        {
            IsIgnored = ignore.IsEmpty || ignore.HasExceptions ? null : path => IsIgnored(ignore, path),
            ContextHasPath = path => Exists(root, path) && !ignore.Matches(path.TrimStart('/')),
        };
    }

    /// <summary>
    /// CopyIgnoredFile's view of a COPY source: the context root (<c>.</c> or <c>/</c>) counts as ignored only when a
    /// catch-all pattern (<c>*</c>, <c>**</c>, <c>**/*</c>) leaves nothing of it, as BuildKit's copySourceRootIgnored;
    /// <c>.*</c> excludes dotfiles, not the root.
    /// </summary>
    public static bool IsIgnored(PathPatternSet ignore, string path)
    {
        var relative = UnixPath.Clean(path.TrimStart('/'));
        return relative is "." or ""
            ? ignore.Patterns.Any(p => !p.IsException && p.Text is "*" or "**" or "**/*")
            : ignore.Matches(relative);
    }

    /// <summary>Whether the path exists inside the context; one that would leave it (<c>..</c>) does not.</summary>
    private static bool Exists(string root, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath.TrimStart('/')));
        if (full != root && !full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)) return false;
        return File.Exists(full) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null;
    }
}
