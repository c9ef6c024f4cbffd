namespace Hoist.Building.Engine;

/// <summary>
/// One step of a build as BuildKit's progress names it: <see cref="Id"/> is the vertex number (<c>#5</c>),
/// <see cref="Title"/> e.g. <c>[build 2/3] RUN make</c>.
/// </summary>
public sealed record BuildStep(int Id, string Title, string StageName, int Line);
