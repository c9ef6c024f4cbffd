namespace Hoist.IntegrationTests;

/// <summary>
/// The busybox root filesystem from scripts/fixtures.sh, extracted once per test run into a directory that tests use as a
/// read-only lower layer, and a scratch directory each test class can make work directories in.
/// </summary>
public sealed class BusyboxRootfs : IDisposable
{
    public BusyboxRootfs()
    {
        Scratch = Directory.CreateTempSubdirectory("hoist-exec-").FullName;
        if (!Environment.IsPrivilegedProcess) return;
        var cache = Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh")).Trim();
        LowerPath = Path.Combine(Scratch, "busybox");
        Directory.CreateDirectory(LowerPath);
        Run("tar", "-xf", Path.Combine(cache, "busybox-rootfs.tar"), "-C", LowerPath);
    }

    public string Scratch { get; }

    /// <summary>The extracted busybox tree; tests must never change it.</summary>
    public string LowerPath { get; } = "";

    public string NewDirectory(string name)
    {
        var path = Path.Combine(Scratch, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs a host command and returns its output; fails the test when it fails.</summary>
    public static string Run(string file, params string[] args) => HostCommand.Run(file, args);

    public void Dispose()
    {
        // A failed test may have left a snapshot mounted: detach those first so deleting cannot reach through a mount.
        var mountPoints = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(Scratch + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mountPoint in mountPoints) Run("umount", "-l", mountPoint);
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
