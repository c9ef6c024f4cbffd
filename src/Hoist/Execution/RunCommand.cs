namespace Hoist.Execution;

/// <summary>The process arguments for a RUN and any files they need mounted.</summary>
public sealed record RunCommand(IReadOnlyList<string> Args, IReadOnlyList<InlineFile> Files);
