namespace Hoist.Dispatch;

/// <summary>
/// A git repository given by <c>--build-context NAME=&lt;git URL&gt;</c>: <c>COPY --from=NAME</c> and
/// <c>RUN --mount=from=NAME</c> read its checkout (the URL's sub-directory), identified by the commit its ref resolves to.
/// </summary>
public sealed record GitContextRef(string Name, string Url) : SourceRef
{
    public override string Text => Name;
}
