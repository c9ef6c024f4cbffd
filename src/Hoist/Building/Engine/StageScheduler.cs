using System.Runtime.ExceptionServices;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// Builds the stages of <see cref="BuildPlan.BuildOrder"/>: each once however many stages wait for it, independent
/// ones in parallel (at most <c>jobs</c> executing at once), the first failure cancelling the rest.
/// </summary>
internal sealed class StageScheduler(BuildPlan plan, int jobs, CancellationToken cancellationToken) : IDisposable
{
    private readonly Dictionary<int, Lazy<Task<StageOutcome>>> _tasks = [];
    private readonly SemaphoreSlim _gate = new(Math.Max(1, jobs));
    private readonly CancellationTokenSource _failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    /// <summary>A stage's result, built once; every stage of the build order has one.</summary>
    public Task<StageOutcome> ResultAsync(int index) => _tasks.TryGetValue(index, out var task)
        ? task.Value
        : throw new InvalidOperationException($"stage {index} is not part of the build order");

    public async Task<IReadOnlyDictionary<int, StageOutcome>> RunAsync(StageRunner runner)
    {
        foreach (var stage in plan.BuildOrder) _tasks[stage.Index] = new Lazy<Task<StageOutcome>>(() => RunStageAsync(runner, stage));
        var all = plan.BuildOrder.Select(s => _tasks[s.Index].Value).ToList();
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch
        {
            // Report the first real failure, not a cancellation it caused in another stage.
            var first = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null) ExceptionDispatchInfo.Throw(first);
            throw;
        }
        return plan.BuildOrder.ToDictionary(s => s.Index, s => _tasks[s.Index].Value.Result);
    }

    private async Task<StageOutcome> RunStageAsync(StageRunner runner, PlannedStage stage)
    {
        try
        {
            var prepared = await runner.PrepareAsync(stage, _failed.Token).ConfigureAwait(false);
            // Wait for COPY --from stages before taking a slot, so a waiting stage never blocks a running one.
            foreach (var dependency in stage.Dependencies.Where(d => d.StageIndex != stage.BaseStageIndex))
            {
                await ResultAsync(dependency.StageIndex).ConfigureAwait(false);
            }
            await _gate.WaitAsync(_failed.Token).ConfigureAwait(false);
            try
            {
                return await runner.ExecuteAsync(prepared, _failed.Token).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch
        {
            await _failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _failed.Dispose();
    }
}
