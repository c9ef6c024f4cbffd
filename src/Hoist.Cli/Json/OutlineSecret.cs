namespace Hoist.Cli.Json;

public sealed record OutlineSecret(string Id, bool Required, int Line);
