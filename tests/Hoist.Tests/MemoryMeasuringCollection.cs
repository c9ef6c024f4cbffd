namespace Hoist.Tests;

/// <summary>
/// Tests that measure the process's live memory (GC.GetTotalMemory) run alone: another test allocating at the same
/// time would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "memory-measuring";
}
