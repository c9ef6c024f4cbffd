namespace Hoist.IntegrationTests;

/// <summary>A fact that needs root, overlayfs and runc; skipped with the reason when the machine cannot run it.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root (mounts overlayfs and runs runc)";
        else if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (!RuncAvailable()) Skip = "runc is not installed";
    }

    private static bool RuncAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "runc")));
}
