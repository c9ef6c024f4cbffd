using Hoist.Building.Cache;
using Hoist.Dispatch;

namespace Hoist.Building.Engine;

/// <summary>A built stage: its image, the dispatch state after its last step (where a stage built on it starts), and
/// its final cache keys (what <c>COPY --from</c> it and a stage built on it key on).</summary>
internal sealed record StageOutcome(StageImage Image, DispatchState Final, StageKeys Keys);
