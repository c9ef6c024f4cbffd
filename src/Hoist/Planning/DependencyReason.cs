namespace Hoist.Planning;

/// <summary>Why a stage needs another stage or an image.</summary>
public enum DependencyReason
{
    /// <summary><c>FROM &lt;stage&gt;</c>: the stage is the base.</summary>
    From,

    /// <summary><c>COPY --from=…</c>.</summary>
    CopyFrom,

    /// <summary><c>RUN --mount=…,from=…</c>.</summary>
    RunMountFrom,
}
