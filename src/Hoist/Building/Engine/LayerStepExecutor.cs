using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>Produces the layer of a step whose key missed, by kind of step.</summary>
internal sealed class LayerStepExecutor(RunExecutor run, CopyExecutor copy, WorkdirExecutor workdir)
{
    /// <summary>What a step that hit the cache still contributes to the build (a RUN: the cache mounts it names).</summary>
    public void Cached(LayerStep step)
    {
        if (step is RunStep r) run.Cached(r);
    }

    /// <summary>A step missed and <paramref name="nextRun"/> is the stage's next RUN: every step after a miss misses too,
    /// so that RUN will run, and its network can start while the steps before it do.</summary>
    public void Missed(RunStep? nextRun)
    {
        if (nextRun is not null) run.PrepareNetwork(nextRun);
    }

    /// <param name="filesReadLater">whether a later step of the build reads the step's output as files (a RUN's upper
    /// directory is kept as its snapshot either way: it is already files).</param>
    /// <param name="previous">The layer the step's last build made, if known (a COPY written as a blob reuses its
    /// unchanged gzip members).</param>
    public Task<ImageLayer> ExecuteAsync(LayerStep step, StageImage image, BuildStep display, bool filesReadLater,
        CancellationToken cancellationToken, Descriptor? previous = null) => step switch
    {
        RunStep r => run.ExecuteAsync(r, image, display, cancellationToken),
        CopyStep c => copy.ExecuteAsync(c, image, display, filesReadLater, cancellationToken, previous),
        WorkdirStep w => workdir.ExecuteAsync(w, image, display, filesReadLater, cancellationToken),
        _ => throw new InvalidOperationException($"no executor for {step.GetType().Name}"),
    };
}
