using Hoist.Content;

namespace Hoist.Tests.Content;

/// <summary>A content store in a fresh temp directory, deleted on dispose.</summary>
public sealed class TestStore : IDisposable
{
    public TestStore()
    {
        Root = Path.Combine(Path.GetTempPath(), "hoist-test-" + Guid.NewGuid().ToString("N"));
        Store = ContentStore.Open(Root);
    }

    public string Root { get; }

    public ContentStore Store { get; }

    public string IngestDirectory => Path.Combine(Root, "ingest");

    /// <summary>Reopens the store, as the next hoist process would.</summary>
    public ContentStore Reopen() => ContentStore.Open(Root);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
