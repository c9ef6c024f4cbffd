namespace Hoist.Checks;

/// <summary>The lines a finding points at.</summary>
internal readonly record struct Located(int Line, int EndLine);
