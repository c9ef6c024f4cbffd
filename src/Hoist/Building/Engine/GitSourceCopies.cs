using Hoist.Building.Context.Git;
using Hoist.Planning;
using Hoist.Building.Copy;
using Hoist.Dispatch;

namespace Hoist.Building.Engine;

/// <summary>
/// Replaces each git clone of a COPY/ADD plan by the copy of its checkout: the commit (the one the step's key was made
/// from) is checked out into the copy's scratch space and its files planned like any directory copy into the
/// destination, with the step's --chmod and --chown.
/// </summary>
internal static class GitSourceCopies
{
    public static async Task<CopyPlan> ExpandAsync(CopyPlan plan, GitSource git, CopyDestination destination, CopyRequest request,
        string scratch, CancellationToken cancellationToken)
    {
        if (!plan.Operations.Any(o => o.Kind == CopyOperationKind.GitClone)) return plan;
        var created = plan.Operations.Where(o => o.Kind is CopyOperationKind.Directory or CopyOperationKind.GitClone)
            .Select(o => o.Destination).ToHashSet(StringComparer.Ordinal);
        // The outer plan already makes the destination and its parents: the checkout's copy must not make them again.
        var into = destination with { IsDirectory = path => created.Contains(path) || destination.IsDirectory(path) };
        var operations = new List<CopyOperation>();
        var index = 0;
        foreach (var operation in plan.Operations)
        {
            if (operation.Kind != CopyOperationKind.GitClone)
            {
                operations.Add(operation);
                continue;
            }
            var reference = GitSourceReference.Parse(operation.Url!, operation.Checksum, operation.KeepGitDir);
            var root = Path.Combine(scratch, $"git-{index++}");
            Directory.CreateDirectory(root);
            var checkout = await git.CheckoutAsync(reference, root, cancellationToken).ConfigureAwait(false);
            var copy = new CopyPlanner(new GitCheckoutSource(checkout, reference.Remote), into).Plan(new CopyRequest
            {
                Sources = ["/"],
                Destination = operation.Destination + "/",
                Chmod = request.Chmod,
                Chown = request.Chown,
            });
            operations.AddRange(copy.Operations.Select(o => o.SourcePath is null ? o : o with { SourcePath = Path.Combine(checkout.Directory, o.SourcePath) }));
        }
        return plan with { Operations = operations };
    }
}
