namespace Hoist.Dockerfile.Expansion;

/// <summary>A word could not be expanded (bad syntax, or <c>${V:?message}</c> on an unset variable). Callers add file and line.</summary>
public sealed class ExpansionException(string message) : HoistException(message);
