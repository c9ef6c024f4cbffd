namespace Hoist.Dispatch;

/// <summary>
/// A local directory read as the build context is: the build context itself (<see cref="Instance"/>: COPY and ADD
/// without <c>--from</c>, a bind mount without <c>from=</c>), or a directory given by <c>--build-context NAME=DIR</c>
/// (<paramref name="Name"/> and its <paramref name="Directory"/>).
/// </summary>
public sealed record ContextRef(string? Name, string? Directory) : SourceRef
{
    public static ContextRef Instance { get; } = new(null, null);

    public bool IsBuildContext => Name is null;

    public override string Text => Name ?? "context";
}
