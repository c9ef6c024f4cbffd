namespace Hoist.Execution;

/// <summary>
/// RUN --network. Hoist never creates bridges or virtual interfaces: the default RUN shares the host's network
/// namespace (BuildKit's "host" provider), and <see cref="None"/> gets a fresh namespace holding only <c>lo</c>.
/// </summary>
public enum NetworkMode
{
    Host,
    None,
}
