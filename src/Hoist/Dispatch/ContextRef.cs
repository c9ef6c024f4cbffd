namespace Hoist.Dispatch;

/// <summary>The build context: <c>COPY</c> and <c>ADD</c> without <c>--from</c>, a bind mount without <c>from=</c>.</summary>
public sealed record ContextRef : SourceRef
{
    public static ContextRef Instance { get; } = new();

    private ContextRef()
    {
    }

    public override string Text => "context";
}
