using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>A stage the split report walks ahead: the image it is built FROM, and, for a stage the final image does
/// not stand on, its name in the report and its result once built (the report's whole walk of it is then made while
/// the rest of the build runs).</summary>
internal sealed record SplitStage(Image Base, string? Name = null, Func<Task<StageOutcome>>? Built = null);
