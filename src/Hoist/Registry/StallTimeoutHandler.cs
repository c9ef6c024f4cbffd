namespace Hoist.Registry;

/// <summary>
/// Bounds how long one attempt may make no progress (<see cref="RegistryTimeouts"/>): the request body must keep
/// moving, the response headers must arrive within the header timeout once it is sent, and each read of the response
/// body must return within the idle timeout. A stall surfaces as a <see cref="RegistryStallException"/>, which the
/// retry handler and the download resume treat like a dropped connection. Sits below the retry handler, so each
/// attempt gets fresh deadlines.
/// </summary>
internal sealed class StallTimeoutHandler(RegistryTimeouts timeouts) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var watchdog = new StallWatchdog(cancellationToken);
        var awaitingHeaders = $"no response headers within {StallWatchdog.Describe(timeouts.ResponseHeaders)}";
        var original = request.Content;
        if (original is null) watchdog.Arm(timeouts.ResponseHeaders, awaitingHeaders);
        else request.Content = new WatchedRequestContent(original, watchdog, timeouts, awaitingHeaders);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, watchdog.Token).ConfigureAwait(false);
        }
        catch (Exception) when (watchdog.Fired)
        {
            throw watchdog.Failure();
        }
        finally
        {
            // Handlers above may send the request again (retries, authentication); they must see what they sent.
            request.Content = original;
        }
        response.Content = new IdleTimeoutContent(response.Content, timeouts.Idle);
        return response;
    }
}
