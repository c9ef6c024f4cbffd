namespace Hoist.Execution;

/// <summary>How a container's standard streams meet Hoist's.</summary>
public enum ContainerStdio
{
    /// <summary>A RUN step's: stdin closed, output read in lines and handed to the caller.</summary>
    Captured,

    /// <summary><c>docker run -i</c>: the runtime inherits Hoist's stdin, stdout and stderr, so the container reads
    /// the input as it comes and writes straight through (prompts without a newline included).</summary>
    Attached,

    /// <summary><c>docker run -t</c>: the process gets a pseudo-terminal (<c>terminal: true</c>); the runtime in the
    /// foreground relays it to Hoist's own terminal, which it puts in raw mode while the container runs.</summary>
    Terminal,
}
