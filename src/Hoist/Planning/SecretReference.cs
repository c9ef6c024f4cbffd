namespace Hoist.Planning;

/// <summary>A secret a RUN mounts (<c>--mount=type=secret</c>), by the id the build must supply; the RUN's lines.</summary>
public sealed record SecretReference(string Id, bool Required, int Line)
{
    /// <summary>The RUN's last line (continuations); BuildKit's outline gives one location range per line.</summary>
    public int EndLine { get; init; } = Line;
}
