namespace Hoist.Registry;

/// <summary>
/// Re-sends requests that failed for transient reasons, per <see cref="RetryPolicy"/>. Only requests whose body can
/// be sent twice are retried (no body, or bytes in memory); a streamed upload is retried by its caller.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replayable = request.Content is null or ByteArrayContent
            && request.Method != HttpMethod.Patch
            && !(request.Options.TryGetValue(RegistryRequestOptions.NoRetry, out var noRetry) && noRetry);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? delay;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                delay = replayable ? policy.DelayAfter(attempt, response, time.GetUtcNow()) : null;
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
}
