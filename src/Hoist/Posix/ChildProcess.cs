using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Hoist.Posix;

/// <summary>
/// The one way Hoist runs another program (cp, runc, credential helpers): arguments passed as a list (never through a
/// shell), stdin given or closed, stdout and stderr read in lines of bounded length (collected, or handed to
/// <see cref="ChildProcessStart.OnLine"/> so a long build log is never held whole), and on cancellation or timeout the program stopped before the call returns.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs the program to its end. Throws <see cref="ChildProcessStartException"/> when it cannot start,
    /// <see cref="TimeoutException"/> after <see cref="ChildProcessStart.Timeout"/>, and the cancellation itself when
    /// <paramref name="cancellationToken"/> fires; in each case the process has exited.</summary>
    public static async Task<ChildProcessResult> RunAsync(ChildProcessStart start, CancellationToken cancellationToken = default)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = StartInfo(start) };
        Start(process, start.Program);
        var readers = start.InheritStdio ? Task.CompletedTask : Task.WhenAll(
            ReadAsync(process.StandardOutput.BaseStream, line => Received(start, output, line, isError: false)),
            ReadAsync(process.StandardError.BaseStream, line => Received(start, error, line, isError: true)));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (start.Timeout is { } timeout) deadline.CancelAfter(timeout);
        try
        {
            if (!start.InheritStdio)
            {
                if (start.Input is not null) await process.StandardInput.WriteAsync(start.Input.AsMemory(), deadline.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process, start).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{start.Program} did not finish within {start.Timeout?.TotalSeconds:0} seconds");
        }
        await readers.ConfigureAwait(false);
        return new ChildProcessResult(process.ExitCode, Collected(output), Collected(error));
    }

    /// <summary><see cref="RunAsync"/> for synchronous callers.</summary>
    public static ChildProcessResult Run(ChildProcessStart start) => RunAsync(start).GetAwaiter().GetResult();

    private static ProcessStartInfo StartInfo(ChildProcessStart start)
    {
        var info = new ProcessStartInfo(ProgramPath.Resolve(start.Program))
        {
            RedirectStandardInput = !start.InheritStdio,
            RedirectStandardOutput = !start.InheritStdio,
            RedirectStandardError = !start.InheritStdio,
            UseShellExecute = false,
        };
        foreach (var argument in start.Arguments) info.ArgumentList.Add(argument);
        if (start.WorkingDirectory is { } directory) info.WorkingDirectory = directory;
        if (start.Environment is { } environment)
        {
            info.Environment.Clear();
            foreach (var (name, value) in environment) info.Environment[name] = value;
        }
        return info;
    }

    private static void Start(Process process, string program)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ChildProcessStartException(program, e);
        }
    }

    /// <summary>Reads one output stream in bounded lines; a stream that breaks (the program died mid-write) just ends.</summary>
    private static async Task ReadAsync(Stream stream, Action<string> onLine)
    {
        try
        {
            await BoundedLineReader.ReadAsync(stream, onLine).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static void Received(ChildProcessStart start, StringBuilder collected, string line, bool isError)
    {
        if (start.OnLine is { } onLine)
        {
            onLine(line, isError);
            return;
        }
        lock (collected) collected.Append(line).Append('\n');
    }

    private static string Collected(StringBuilder collected)
    {
        lock (collected) return collected.ToString();
    }

    private static async Task StopAsync(Process process, ChildProcessStart start)
    {
        if (start.Stop is { } stop) await stop(process).ConfigureAwait(false);
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
