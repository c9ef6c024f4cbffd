using Xunit.Sdk;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// A root-only theory whose rows are conformance cases (their directory names); a row named in
/// tests/conformance/known-differences.json is reported as skipped with the recorded reason, never run and passed.
/// </summary>
[XunitTestCaseDiscoverer("Hoist.IntegrationTests.Conformance.ConformanceTheoryDiscoverer", "Hoist.IntegrationTests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root (mounts overlayfs and runs runc)";
        else if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "runc"))))
            Skip = "runc is not installed";
    }
}
