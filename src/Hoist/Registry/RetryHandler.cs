namespace Hoist.Registry;

/// <summary>
/// Re-sends requests that failed for transient reasons, per <see cref="RetryPolicy"/>. Only requests whose body can
/// be sent twice are retried (no body, or bytes in memory); a streamed upload is retried by its caller. A wait the
/// registry asked for (Retry-After) is reported to <c>waits</c> before it starts, and the waits of one request are
/// capped in total by <see cref="RetryPolicy.MaxTotalRetryAfter"/>.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, TimeProvider time, IProgress<RegistryWait>? waits = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replayable = request.Content is null or ByteArrayContent
            && request.Method != HttpMethod.Patch
            && !(request.Options.TryGetValue(RegistryRequestOptions.NoRetry, out var noRetry) && noRetry);
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? delay;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                delay = replayable ? policy.DelayAfter(attempt, response, time.GetUtcNow()) : null;
                if (delay is { } asked && policy.IsServerRequested(response))
                {
                    if (waited + asked > policy.MaxTotalRetryAfter) delay = null;
                    else ReportWait(request, response, asked, attempt);
                    waited += asked;
                }
                if (delay is null) return response;
                response.Dispose();
            }
            catch (Exception e) when (replayable && !cancellationToken.IsCancellationRequested
                && policy.DelayAfter(attempt, e) is { } exceptionDelay)
            {
                delay = exceptionDelay;
            }
            await Task.Delay(delay.Value, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ReportWait(HttpRequestMessage request, HttpResponseMessage response, TimeSpan delay, int attempt)
    {
        if (waits is null || delay <= TimeSpan.Zero) return;
        var registry = request.Options.TryGetValue(RegistryRequestOptions.Registry, out var named) ? named : request.RequestUri?.Authority ?? "";
        waits.Report(new RegistryWait(registry, response.StatusCode, delay, attempt));
    }
}
