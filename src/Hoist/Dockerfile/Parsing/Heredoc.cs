namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// One here-document attached to a RUN, COPY or ADD line.
/// <paramref name="Content"/> is the body exactly as it will be used (for <c>&lt;&lt;-</c> leading tabs already stripped),
/// ending with a newline unless the body was empty. <paramref name="Expand"/> is false when the delimiter was quoted.
/// <paramref name="FileDescriptor"/> is set for forms like <c>3&lt;&lt;EOF</c>.
/// </summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp, int? FileDescriptor = null);
