namespace Hoist.Posix;

/// <summary>One field of an option value: <c>KEY=VALUE</c>, or a bare <c>KEY</c> (<see cref="Value"/> null).</summary>
public readonly record struct SpecField(string Key, string? Value);
