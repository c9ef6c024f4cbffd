namespace Hoist.IntegrationTests.Formats;

/// <summary>A fact that runs other tools (skopeo, umoci); skipped, naming them, when one is not installed.</summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => ToolPath.Find(t) is null).ToList();
        if (missing.Count > 0) Skip = $"{string.Join(", ", missing)} not installed (scripts/setup.sh installs them)";
        else if (!File.Exists("/bin/busybox")) Skip = "busybox is not installed (scripts/fixtures.sh needs /bin/busybox)";
    }
}
