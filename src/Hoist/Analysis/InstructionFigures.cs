namespace Hoist.Analysis;

/// <summary>One history entry with the size of the layer it made (none for an empty-layer entry such as ENV).</summary>
public sealed record InstructionFigures(string CreatedBy, int? Layer, long ContentSize, long CompressedSize, bool FromBase);
