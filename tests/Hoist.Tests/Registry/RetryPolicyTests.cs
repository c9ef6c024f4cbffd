using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Hoist.Registry;

namespace Hoist.Tests.Registry;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RetryPolicy _policy = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public void Server_trouble_is_retried(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);

        Assert.NotNull(_policy.DelayAfter(1, response, Now));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public void Answers_that_would_not_change_are_not_retried(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Null(_policy.DelayAfter(1, response, Now));
    }

    [Fact]
    public void Attempts_are_bounded()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.NotNull(_policy.DelayAfter(3, response, Now));
        Assert.Null(_policy.DelayAfter(4, response, Now));
        Assert.Null(_policy.DelayAfter(4, new IOException("reset")));
    }

    [Fact]
    public void Retry_after_seconds_and_dates_are_honoured()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(7), _policy.DelayAfter(1, seconds, Now));
        Assert.Equal(TimeSpan.FromSeconds(3), _policy.DelayAfter(1, date, Now));
    }

    [Fact]
    public void A_retry_after_beyond_the_limit_gives_up_instead_of_hanging()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1));

        Assert.Null(_policy.DelayAfter(1, response, Now));
    }

    [Fact]
    public void Network_failures_are_transient_but_cancellation_and_bugs_are_not()
    {
        Assert.NotNull(_policy.DelayAfter(1, new HttpRequestException("connection reset", new SocketException(104))));
        Assert.NotNull(_policy.DelayAfter(1, new IOException("unexpected EOF")));
        Assert.NotNull(_policy.DelayAfter(1, new HttpIOException(HttpRequestError.ResponseEnded)));
        Assert.Null(_policy.DelayAfter(1, new OperationCanceledException()));
        Assert.Null(_policy.DelayAfter(1, new InvalidOperationException()));
        Assert.Null(_policy.DelayAfter(1, new HttpRequestException("tls", new System.Security.Authentication.AuthenticationException())));
    }

    [Fact]
    public void A_registry_error_is_transient_when_its_cause_or_status_is()
    {
        Assert.True(RetryPolicy.IsTransient(new RegistryException("r", "m", innerException: new IOException("reset"))));
        Assert.True(RetryPolicy.IsTransient(new RegistryException("r", "m", HttpStatusCode.ServiceUnavailable)));
        Assert.False(RetryPolicy.IsTransient(new RegistryException("r", "m", HttpStatusCode.Unauthorized)));
        Assert.False(RetryPolicy.IsTransient(new RegistryException("r", "digest mismatch")));
    }

    [Fact]
    public void Backoff_grows_exponentially_within_jitter_and_is_capped()
    {
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, attempt - 1), 1000);
            for (var sample = 0; sample < 50; sample++)
            {
                var delay = _policy.Backoff(attempt, new Random(sample)).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void Jitter_spreads_delays()
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 20).Select(_ => _policy.Backoff(3, random)).Distinct().Count();

        Assert.True(delays > 10);
    }
}
