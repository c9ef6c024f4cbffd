namespace Hoist.Tests.Architecture;

/// <summary>A source file: its path, its path below src/, its folder (e.g. <c>Building/Cache</c>, <c>Cli/Json</c>,
/// <c>(root)</c>) and the layer that folder belongs to.</summary>
internal sealed record SourceFile(string Path, string Relative, string Folder, string Layer);
