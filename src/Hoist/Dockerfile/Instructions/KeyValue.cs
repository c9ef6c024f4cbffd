namespace Hoist.Dockerfile.Instructions;

public sealed record KeyValue(string Key, string Value);
