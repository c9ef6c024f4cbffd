using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Posix;

namespace Hoist.Planning;

/// <summary>
/// What BuildKit refuses in COPY and ADD while converting the Dockerfile, before any pull or step runs: a URL or git
/// source for COPY, a git source of ADD Hoist cannot fetch safely (see <see cref="GitSourceReference"/>), and a --chmod
/// that does not parse. Words holding a variable are left to the step, since the base
/// image's ENV (unknown until it is pulled) may take part in their expansion.
/// </summary>
public static class CopyInstructionRules
{
    public static void Check(string fileName, int line, Instruction instruction, StageScope scope)
    {
        var (sources, chmod, isAdd, checksum) = instruction switch
        {
            CopyInstruction copy => (copy.Sources, copy.Chmod, false, null),
            AddInstruction add => (add.Sources, add.Chmod, true, add.Checksum),
            _ => ((IReadOnlyList<string>)[], null, false, null),
        };
        try
        {
            if (!isAdd) RejectRemoteSources(sources.Where(IsLiteral).Select(scope.ExpandWord));
            else CheckGitSources(sources.Where(IsLiteral).Select(scope.ExpandWord), checksum is not null && IsLiteral(checksum) ? scope.ExpandWord(checksum) : null);
            if (chmod is not null && IsLiteral(chmod)) ModeChange.Parse(scope.ExpandWord(chmod));
        }
        catch (HoistException e) when (e is not DockerfileException)
        {
            throw new DockerfileException(fileName, line, e.Message);
        }
    }

    private static bool IsLiteral(string word) => !word.Contains('$', StringComparison.Ordinal);

    /// <summary>An ssh remote, a ref git could misread or a malformed checksum fails here, not after earlier steps.</summary>
    private static void CheckGitSources(IEnumerable<string> sources, string? checksum)
    {
        foreach (var source in sources.Where(RemoteSource.IsGit)) GitSourceReference.Parse(source, checksum);
    }

    private static void RejectRemoteSources(IEnumerable<string> sources)
    {
        foreach (var source in sources)
        {
            if (RemoteSource.IsHttp(source)) throw new HoistException("source can't be a URL for COPY");
            if (RemoteSource.IsGit(source)) throw new HoistException("source can't be a git ref for COPY");
        }
    }
}
