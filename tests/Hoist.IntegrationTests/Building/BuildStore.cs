using Hoist.Content;

namespace Hoist.IntegrationTests.Building;

/// <summary>A temporary state directory holding the busybox fixture image, shared by the build tests of a class.</summary>
public sealed class BuildStore : IDisposable
{
    public BuildStore() : this(withFixtures: true)
    {
    }

    /// <summary>A store in a temp dir with nothing in it.</summary>
    public static BuildStore Empty() => new(withFixtures: false);

    private BuildStore(bool withFixtures)
    {
        Root = Directory.CreateTempSubdirectory("hoist-build-store-").FullName;
        if (!withFixtures || !Environment.IsPrivilegedProcess) return;
        var store = ContentStore.Open(Root);
        FixtureImages.ImportAsync(store, Path.Combine(FixtureImages.CacheDirectory(), "busybox-rootfs.tar"), FixtureImages.Busybox)
            .GetAwaiter().GetResult();
    }

    public string Root { get; }

    public string NewContext(params (string Name, string Content)[] files)
    {
        var directory = Directory.CreateTempSubdirectory("hoist-build-context-").FullName;
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        return directory;
    }

    public HoistProcess.Result Hoist(params string[] args) => HoistProcess.Run(["--root", Root, .. args], timeout: TimeSpan.FromMinutes(10));

    public void Dispose()
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(Root + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mount in mounts) BusyboxRootfs.Run("umount", "-l", mount);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
