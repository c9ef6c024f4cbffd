using Hoist.Dispatch;

namespace Hoist.Building.Engine;

/// <summary>A stage ready to execute: its steps and the image and keys it starts from, and its base as the user knows
/// it (<c>NAME@sha256:…</c>, <c>scratch</c>, <c>stage NAME</c>) for miss explanations.</summary>
internal sealed record PreparedStage(DispatchedStage Dispatched, StageProgress Start, string Base);
