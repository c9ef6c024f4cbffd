namespace Hoist.Checks;

/// <summary>
/// A Dockerfile check: its name (what <c># check=skip=</c> takes), a one-line description and where it is documented.
/// An experimental rule runs only when named by <c># check=experimental=</c> (or <c>experimental=all</c>).
/// </summary>
public sealed record CheckRule(string Name, string Description, string Url, bool Experimental = false, CheckOrigin Origin = CheckOrigin.BuildKit);
