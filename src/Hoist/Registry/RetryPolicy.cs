using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Hoist.Registry;

/// <summary>
/// When a failed registry request is worth sending again and how long to wait first: connection failures,
/// 408, 429 (honouring Retry-After) and 5xx, with exponential backoff and full jitter, a bounded number of times.
/// </summary>
public sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    /// <summary>Total attempts including the first.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A Retry-After longer than this is not worth waiting for: the request fails instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// All the Retry-After waits of one request together: past this the registry's answer (429, 503) is the result,
    /// so a registry that keeps asking for another minute cannot hold a build for long.
    /// </summary>
    public TimeSpan MaxTotalRetryAfter { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Whether the response carries a Retry-After the registry asks us to honour.</summary>
    public bool IsServerRequested(HttpResponseMessage response) =>
        IsRetryableStatus(response.StatusCode) && response.Headers.RetryAfter is not null;

    /// <summary>The delay before attempt <paramref name="attempt"/>+1 after a response, or null to give up.</summary>
    public TimeSpan? DelayAfter(int attempt, HttpResponseMessage response, DateTimeOffset now, Random? random = null)
    {
        if (attempt >= MaxAttempts) return null;
        if (!IsRetryableStatus(response.StatusCode)) return null;
        if (RetryAfter(response.Headers.RetryAfter, now) is { } serverDelay)
        {
            return serverDelay <= MaxRetryAfter ? serverDelay : null;
        }
        return Backoff(attempt, random);
    }

    /// <summary>The delay before attempt <paramref name="attempt"/>+1 after an exception, or null to give up.</summary>
    public TimeSpan? DelayAfter(int attempt, Exception exception, Random? random = null)
    {
        if (attempt >= MaxAttempts) return null;
        return IsTransient(exception) ? Backoff(attempt, random) : null;
    }

    /// <summary>Connection refused/reset, a response cut short, a timeout inside the handler: the network, not the request.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        RegistryException { InnerException: { } inner } => IsTransient(inner),
        RegistryException { StatusCode: { } status } => IsRetryableStatus(status),
        HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException } => false,
        HttpRequestException => true,
        HttpIOException => true,
        IOException => true,
        SocketException => true,
        _ => false,
    };

    /// <summary>408, 429 and 5xx other than "not implemented" / "version not supported": asking again may work.</summary>
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>Exponential growth capped at <see cref="MaxDelay"/>, then "full jitter" so clients do not retry in lockstep.</summary>
    public TimeSpan Backoff(int attempt, Random? random = null)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        var jitter = (random ?? Random.Shared).NextDouble();
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * jitter);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date <= now ? TimeSpan.Zero : date - now,
        _ => null,
    };
}
