using Hoist.Content;

namespace Hoist.Building.Engine;

/// <summary>A cache mount directory in use by one RUN; disposing lets other users (locked, private) have it.</summary>
internal sealed class CacheMountLease(string directory, FileLock held) : IDisposable
{
    public string Directory { get; } = directory;

    public void Dispose() => held.Dispose();
}
