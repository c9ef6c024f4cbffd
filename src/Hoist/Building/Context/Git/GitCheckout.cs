namespace Hoist.Building.Context.Git;

/// <summary>A checked-out git source: <see cref="Root"/> is the work tree (with <c>.git</c> only when kept),
/// <see cref="Directory"/> the requested sub-directory inside it (the root when none), <see cref="Commit"/> the commit.</summary>
public sealed record GitCheckout(string Root, string Directory, string Commit);
