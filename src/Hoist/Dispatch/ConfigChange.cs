namespace Hoist.Dispatch;

/// <summary>A config instruction's effect: the state after it and its history text (for ONBUILD, the trigger text).</summary>
public sealed record ConfigChange(ConfigState State, string CreatedBy, bool AddsHistory = true);
