namespace Hoist.Dockerfile.Instructions;

/// <summary>One <c>NAME[=default]</c> of an ARG line; <see cref="DefaultValue"/> is null when no default is given.</summary>
public sealed record ArgDeclaration(string Name, string? DefaultValue);
