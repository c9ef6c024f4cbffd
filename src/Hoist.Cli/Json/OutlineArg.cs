namespace Hoist.Cli.Json;

/// <summary>A declared ARG; <see cref="Source"/> is <c>unset</c>, <c>default</c>, <c>build-arg</c> or <c>global</c>.</summary>
public sealed record OutlineArg(string Name, string? Default, string? Value, bool Set, string Source, int Line, string? Description);
