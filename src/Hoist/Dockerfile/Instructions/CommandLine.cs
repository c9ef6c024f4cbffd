namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// A command for RUN, CMD, ENTRYPOINT or HEALTHCHECK. Shell form keeps the text as one element in
/// <see cref="Args"/> and runs through the stage's SHELL; exec form is the JSON array as written.
/// </summary>
public sealed record CommandLine(IReadOnlyList<string> Args, bool IsShellForm);
