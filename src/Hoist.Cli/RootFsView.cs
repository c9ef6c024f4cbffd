namespace Hoist.Cli;

/// <summary>Docker inspect's <c>RootFS</c>: the layer diffIDs.</summary>
public sealed record RootFsView(string Type, IReadOnlyList<string> Layers);
