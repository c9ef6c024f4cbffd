namespace Hoist.Analysis.Diff;

/// <summary>How the layers at one position compare.</summary>
public enum LayerStatus
{
    /// <summary>The same blob.</summary>
    Same,

    /// <summary>The same files (diffID), compressed differently.</summary>
    Recompressed,

    /// <summary>Different files.</summary>
    Differs,

    OnlyInA,

    OnlyInB,
}
