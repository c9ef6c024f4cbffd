namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// A problem found while reading one instruction. Internal: <see cref="InstructionReader"/> turns it into a
/// <see cref="DockerfileException"/> with file and line, and <see cref="IExpandable.Expand"/> implementations turn it
/// into an <see cref="Expansion.ExpansionException"/> (whose callers add file and line). It never escapes the library.
/// </summary>
internal sealed class InstructionError(string cause) : Exception(cause);
