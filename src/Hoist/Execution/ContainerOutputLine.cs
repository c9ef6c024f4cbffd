namespace Hoist.Execution;

/// <summary>One line a RUN wrote, without its newline.</summary>
public sealed record ContainerOutputLine(bool IsStandardError, string Text);
