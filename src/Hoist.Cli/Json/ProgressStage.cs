namespace Hoist.Cli.Json;

/// <summary>A built stage's size in the <c>result</c> line of <c>--progress rawjson</c>.</summary>
public sealed record ProgressStage(string Name, int Index, int Layers, long CompressedSize, long UncompressedSize, bool Final);
