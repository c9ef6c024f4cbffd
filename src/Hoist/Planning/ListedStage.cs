namespace Hoist.Planning;

/// <summary>
/// A stage as BuildKit's targets subrequest lists it: its name lower-cased, its description, and its base and
/// platform as written; <paramref name="Line"/>..<paramref name="EndLine"/> are its FROM's lines.
/// </summary>
public sealed record ListedStage(string? Name, string? Description, string BaseName, string? Platform, int Line, int EndLine);
