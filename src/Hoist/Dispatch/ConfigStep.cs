using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>ENV, ARG, LABEL, CMD… : changes the config (or only the history), never the filesystem.</summary>
public sealed record ConfigStep : DispatchStep
{
    /// <summary>False for ONBUILD, which adds no history entry and so has nothing to cache.</summary>
    public bool AddsHistory { get; init; } = true;

    /// <summary>The chain key after this step: a hit restores the history timestamp, so a cached build writes the
    /// very same config.</summary>
    public Digest Key(Digest chain) => StepKeys.Config(chain, Text, CreatedBy);
}
