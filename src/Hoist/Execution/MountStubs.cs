using Hoist.Posix;

namespace Hoist.Execution;

/// <summary>
/// The runtime creates an empty file or directory for every mount point missing from the root filesystem (/etc/hosts
/// in an image without one, /proc in FROM scratch...). Those are not the RUN's doing, so like BuildKit we note which were
/// missing before and remove them afterwards if they are still empty, restoring the parent directory's times.
/// </summary>
internal sealed class MountStubs
{
    private readonly string _root;
    private readonly List<List<string>> _chains = []; // per destination: missing paths, deepest first
    private readonly Dictionary<string, DateTime> _parentTimes = new(StringComparer.Ordinal);

    private MountStubs(string root)
    {
        _root = root;
    }

    public static MountStubs Record(string root, IEnumerable<string> destinations)
    {
        var stubs = new MountStubs(root);
        foreach (var destination in destinations)
        {
            var chain = new List<string>();
            var path = "/" + destination.Trim('/');
            while (path != "/" && Native.LStat(RootfsPath.Resolve(root, path)) is null)
            {
                chain.Add(path);
                path = Path.GetDirectoryName(path) ?? "/";
            }
            if (chain.Count == 0) continue;
            stubs._chains.Add(chain);
            var parent = RootfsPath.Resolve(root, path);
            if (!stubs._parentTimes.ContainsKey(parent) && Directory.Exists(parent))
                stubs._parentTimes[parent] = Directory.GetLastWriteTimeUtc(parent);
        }
        return stubs;
    }

    public void Remove()
    {
        foreach (var chain in _chains)
        {
            foreach (var path in chain)
            {
                var host = RootfsPath.Resolve(_root, path);
                if (Native.LStat(host) is not { } status) continue;
                if (status.IsDirectory && !Directory.EnumerateFileSystemEntries(host).Any()) Directory.Delete(host);
                else if (status.IsRegular && status.Size == 0) File.Delete(host);
                else break; // the RUN put something there: keep it and its parents
            }
        }
        foreach (var (parent, time) in _parentTimes)
        {
            if (Directory.Exists(parent)) Directory.SetLastWriteTimeUtc(parent, time);
        }
    }
}
