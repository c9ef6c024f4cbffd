namespace Hoist.Execution;

/// <summary>A file the runtime provides read-only inside the container (a heredoc script under /dev/pipes).</summary>
public sealed record InlineFile(string ContainerPath, string Content, UnixFileMode Mode);
