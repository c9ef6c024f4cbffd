namespace Hoist.Tests.Architecture;

/// <summary>One reference from a file to another folder, with the layers of both ends.</summary>
internal sealed record SourceEdge(string File, string Reference, string FromFolder, string ToFolder, string From, string To);
