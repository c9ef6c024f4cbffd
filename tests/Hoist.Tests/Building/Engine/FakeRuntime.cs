using System.Collections.Concurrent;
using Hoist.Execution;

namespace Hoist.Tests.Building.Engine;

/// <summary>
/// A container runtime that understands a few commands instead of running processes, one per line or separated by
/// <c>&amp;&amp;</c> in the last argument: <c>write PATH TEXT</c>, <c>echo TEXT</c>, <c>env</c>, <c>pwd</c>, <c>whoami</c>,
/// <c>exit N</c>, <c>throw MESSAGE</c>, <c>wait GATE</c> / <c>open GATE</c> (ordering between stages), <c>hang</c>
/// (until cancelled). Records every request and how many ran at once.
/// </summary>
internal sealed class FakeRuntime : IContainerRuntime
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private int _running;
    private int _mostAtOnce;

    public ConcurrentQueue<ContainerRunRequest> Requests { get; } = new();

    public int MostAtOnce => _mostAtOnce;

    public TaskCompletionSource Gate(string name) =>
        _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<ContainerResult> RunAsync(ContainerRunRequest request, Action<ContainerOutputLine>? output, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var running = Interlocked.Increment(ref _running);
        int most;
        while (running > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, running, most) != most)
        {
        }
        try
        {
            var lines = new List<string>();
            void Print(string line)
            {
                lines.Add(line);
                output?.Invoke(new ContainerOutputLine(false, line));
            }
            foreach (var command in Commands(request.Args[^1]))
            {
                var exit = await RunCommandAsync(request, command, Print, cancellationToken).ConfigureAwait(false);
                if (exit != 0) return new ContainerResult(exit, lines);
            }
            return new ContainerResult(0, lines);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static IEnumerable<string> Commands(string script) =>
        script.Split(["&&", "\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<int> RunCommandAsync(ContainerRunRequest request, string command, Action<string> print, CancellationToken cancellationToken)
    {
        var parts = command.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        switch (parts[0])
        {
            case "write":
                var path = Path.Combine(request.RootPath, parts[1].TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, parts.Length > 2 ? parts[2] : "", cancellationToken).ConfigureAwait(false);
                return 0;
            case "echo":
                print(command.Length > 5 ? command[5..] : "");
                return 0;
            case "env":
                foreach (var variable in request.Env) print(variable);
                return 0;
            case "pwd":
                print(request.WorkingDirectory);
                return 0;
            case "whoami":
                print(request.User ?? "");
                return 0;
            case "exit":
                return int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            case "throw":
                throw new HoistException(command[6..]);
            case "wait":
                await Gate(parts[1]).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            case "open":
                Gate(parts[1]).TrySetResult();
                return 0;
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                return 0;
            default:
                throw new InvalidOperationException($"the fake runtime does not know \"{command}\"");
        }
    }
}
