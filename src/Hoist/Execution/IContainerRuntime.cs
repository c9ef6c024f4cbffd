namespace Hoist.Execution;

/// <summary>Runs one RUN process in a container over a prepared root filesystem.</summary>
public interface IContainerRuntime
{
    /// <summary>
    /// Runs the process to completion and returns its exit code. Output lines go to <paramref name="output"/> as they come.
    /// Cancelling kills the container and waits for it to be gone before throwing <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<ContainerResult> RunAsync(ContainerRunRequest request, Action<ContainerOutputLine>? output, CancellationToken cancellationToken);
}
