using System.Globalization;

namespace Hoist.Registry;

/// <summary>
/// How long a registry may stall before a request is abandoned (and retried or resumed, like a dropped connection):
/// <see cref="ResponseHeaders"/> from the end of the request to the response headers, <see cref="Idle"/> between two
/// body reads or writes (a download or an upload making no progress). Set with <c>HOIST_REGISTRY_TIMEOUT</c> and
/// <c>HOIST_REGISTRY_IDLE_TIMEOUT</c> (<c>30</c>, <c>30s</c>, <c>500ms</c>, <c>2m</c>).
/// </summary>
public sealed record RegistryTimeouts
{
    public const string ResponseHeadersVariable = "HOIST_REGISTRY_TIMEOUT";

    public const string IdleVariable = "HOIST_REGISTRY_IDLE_TIMEOUT";

    public static RegistryTimeouts Default { get; } = new();

    public TimeSpan ResponseHeaders { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The defaults with whatever the environment overrides; a bad value is a one-line error.</summary>
    public static RegistryTimeouts FromEnvironment()
    {
        var timeouts = Default;
        if (Read(ResponseHeadersVariable) is { } headers) timeouts = timeouts with { ResponseHeaders = headers };
        if (Read(IdleVariable) is { } idle) timeouts = timeouts with { Idle = idle };
        return timeouts;
    }

    private static TimeSpan? Read(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return TryParse(text.Trim(), out var value) && value > TimeSpan.Zero
            ? value
            : throw new HoistException($"invalid {variable} \"{text}\": expected a positive duration such as 30, 30s, 500ms or 2m");
    }

    /// <summary>Seconds, or a number with the unit <c>ms</c>, <c>s</c> or <c>m</c>.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var parsed = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount * scale <= TimeSpan.MaxValue.TotalSeconds / 2;
        value = parsed ? TimeSpan.FromSeconds(amount * scale) : TimeSpan.Zero;
        return parsed;
    }
}
