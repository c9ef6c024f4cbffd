namespace Hoist.Cli.Json;

/// <summary>One complete event ("ph": "X") of the Chrome trace event format: times in microseconds.</summary>
public sealed record TraceEvent
{
    public required string Name { get; init; }

    public required string Cat { get; init; }

    public string Ph { get; init; } = "X";

    public required double Ts { get; init; }

    public required double Dur { get; init; }

    public int Pid { get; init; } = 1;

    public required int Tid { get; init; }

    public IReadOnlyDictionary<string, string>? Args { get; init; }
}
