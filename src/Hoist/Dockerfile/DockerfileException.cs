namespace Hoist.Dockerfile;

/// <summary>An error in a Dockerfile, always reported as <c>FILE:LINE: cause</c> (or <c>FILE: cause</c> without a line).</summary>
public sealed class DockerfileException : HoistException
{
    public DockerfileException(string file, int line, string cause)
        : base(line > 0 ? $"{file}:{line}: {cause}" : $"{file}: {cause}")
    {
        File = file;
        Line = line;
        Cause = cause;
    }

    public string File { get; }

    /// <summary>1-based line of the instruction (its first line); 0 when the error is not tied to a line.</summary>
    public int Line { get; }

    public string Cause { get; }
}
