using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// The file an archive output goes to: standard output for <c>dest=-</c>, else a file written beside its destination
/// and renamed into place, so a failed export never leaves a truncated archive under its name (a device or FIFO is
/// written in place: see <see cref="DestinationFile"/>).
/// </summary>
internal sealed record OutputFile(BuildOutput Output, Func<Stream> OpenStandardOutput)
{
    public string Where => Output.IsStandardOutput ? "standard output" : Output.Destination!;

    public async Task WriteAsync(Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        if (Output.IsStandardOutput)
        {
            var stdout = OpenStandardOutput();
            await write(stdout).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await DestinationFile.WriteAsync(Path.GetFullPath(Output.Destination!), write).ConfigureAwait(false);
    }
}
