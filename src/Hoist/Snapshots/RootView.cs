namespace Hoist.Snapshots;

/// <summary>A merged root filesystem to read from (COPY --from, user lookup); disposing unmounts and cleans up.</summary>
public sealed class RootView(string path, IRunSnapshot? snapshot, Action? cleanup) : IAsyncDisposable
{
    public string Path { get; } = path;

    public async ValueTask DisposeAsync()
    {
        if (snapshot is not null) await snapshot.DisposeAsync().ConfigureAwait(false);
        cleanup?.Invoke();
    }
}
