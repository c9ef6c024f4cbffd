namespace Hoist.Building.Engine;

/// <summary>What identifies "the same build" from one run to the next, for miss explanations: the context directory
/// and the Dockerfile path (either may be absent).</summary>
internal sealed record BuildSlot(string? ContextDirectory, string? DockerfilePath);
