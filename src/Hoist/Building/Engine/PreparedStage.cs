using Hoist.Dispatch;

namespace Hoist.Building.Engine;

/// <summary>A stage ready to execute: its steps and the image and keys it starts from.</summary>
internal sealed record PreparedStage(DispatchedStage Dispatched, StageProgress Start);
