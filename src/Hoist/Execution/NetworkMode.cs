namespace Hoist.Execution;

/// <summary>
/// RUN --network. Hoist never creates bridges or virtual interfaces on the host. <see cref="Sandbox"/> (docker build's
/// default) is a private network namespace whose only way out is a user-mode network stack (pasta, or slirp4netns),
/// which makes ordinary outbound connections for it and does not let it reach the host's loopback; <see cref="Host"/>
/// shares the host's network namespace; <see cref="None"/> gets a fresh namespace holding only <c>lo</c>.
/// </summary>
public enum NetworkMode
{
    Sandbox,
    Host,
    None,
}
