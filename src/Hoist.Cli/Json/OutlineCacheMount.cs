namespace Hoist.Cli.Json;

public sealed record OutlineCacheMount(string Id, string Target, string Sharing, int Line);
