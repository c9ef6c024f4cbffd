using Hoist.Building.Context;
using Hoist.Dispatch;
using Hoist.Planning;

namespace Hoist.Building.Copy;

/// <summary>
/// Turns a COPY/ADD into a <see cref="CopyPlan"/> with BuildKit's semantics (dockerfile2llb dispatchCopy + the file-op
/// backend + fsutil's copier): sources resolved in the source root with symlinks scoped to it, wildcards per Go's
/// filepath.Match, a directory source copies its contents, a relative destination is resolved against WORKDIR, missing
/// destination directories are created, --chown/--chmod/--exclude/--parents applied, heredocs written as files, and for
/// ADD local archives extracted, URLs downloaded and git repositories cloned.
/// </summary>
public sealed class CopyPlanner(ICopySource? source, CopyDestination destination)
{
    public const string MultipleSourcesError =
        "When using COPY with more than one source file, the destination must be a directory and end with a /";

    public CopyPlan Plan(CopyRequest request) => new CopyPlanBuilder(source, destination, request).Build();

    /// <summary>http(s) URLs that are not git repositories.</summary>
    public static bool IsHttpSource(string source) => RemoteSource.IsHttp(source);

    /// <inheritdoc cref="RemoteSource.IsGit"/>
    public static bool IsGitSource(string source) => RemoteSource.IsGit(source);
}
