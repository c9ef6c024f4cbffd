namespace Hoist.Cli.Json;

/// <summary>An image named by --from that is not a stage.</summary>
public sealed record OutlineImage(string Reference, string Reason, int Line);
