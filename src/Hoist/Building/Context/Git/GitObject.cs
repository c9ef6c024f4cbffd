namespace Hoist.Building.Context.Git;

/// <summary>One git object: its type (<c>commit</c>, <c>tree</c>, <c>blob</c>, <c>tag</c>) and content.</summary>
public sealed record GitObject(string Type, byte[] Content);
