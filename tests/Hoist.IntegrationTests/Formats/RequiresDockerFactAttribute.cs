namespace Hoist.IntegrationTests.Formats;

/// <summary>
/// A fact that starts a private dockerd. Skipped, with the reason shown, when the docker CLI or dockerd is absent or
/// the tests do not run as root: CI machines may have no docker, and that must never fail the run.
/// </summary>
public sealed class RequiresDockerFactAttribute : FactAttribute
{
    public RequiresDockerFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root to start a private dockerd";
        else if (ToolPath.FindDocker("docker") is null) Skip = $"docker CLI not found (on PATH or under {ToolPath.DockerPrefix})";
        else if (ToolPath.FindDocker("dockerd") is null) Skip = $"dockerd not found (on PATH or under {ToolPath.DockerPrefix})";
        else if (ToolPath.FindDocker("containerd") is null) Skip = "containerd not found (dockerd needs it)";
        else if (!File.Exists("/bin/busybox")) Skip = "busybox is not installed (scripts/fixtures.sh needs /bin/busybox)";
    }
}
