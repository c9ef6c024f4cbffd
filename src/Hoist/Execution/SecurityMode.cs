namespace Hoist.Execution;

/// <summary>
/// <c>RUN --security</c>. <see cref="Sandbox"/> is docker build's: containerd's default capabilities and Docker's default
/// seccomp profile. <see cref="Insecure"/> (BuildKit's <c>security.insecure</c> entitlement) runs privileged: every
/// capability, no seccomp filter, nothing masked in /proc and /sys.
/// </summary>
public enum SecurityMode
{
    Sandbox,
    Insecure,
}
