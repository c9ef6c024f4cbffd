namespace Hoist.Execution;

/// <summary>Runs one RUN process in a container over a prepared root filesystem.</summary>
public interface IContainerRuntime
{
    /// <summary>
    /// Runs the process to completion and returns its exit code. Output lines go to <paramref name="output"/> as they come.
    /// Cancelling kills the container and waits for it to be gone before throwing <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <summary>A hint that a RUN on <paramref name="network"/> comes next, so a runtime may set its network up while the
    /// caller prepares the root filesystem.</summary>
    void PrepareNetwork(NetworkMode network)
    {
    }

    Task<ContainerResult> RunAsync(ContainerRunRequest request, Action<ContainerOutputLine>? output, CancellationToken cancellationToken);
}
