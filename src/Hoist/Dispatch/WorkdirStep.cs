using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>WORKDIR: sets the working directory and creates its missing directories, owned by the USER.</summary>
public sealed record WorkdirStep : LayerStep
{
    /// <summary>The absolute, cleaned directory.</summary>
    public required string Path { get; init; }

    public override Task<Digest?> KeyAsync(Digest filesystem, IStepKeyInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<Digest?>(StepKeys.Workdir(filesystem, Path, Config.User));
}
