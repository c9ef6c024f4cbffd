namespace Hoist.Dockerfile.Parsing;

/// <summary>A parser directive such as <c># syntax=…</c>, <c># escape=`</c> or <c># check=skip=…</c>; name is lower-cased.</summary>
public sealed record Directive(string Name, string Value, int Line);
