using System.Net;

namespace Hoist.Registry;

/// <summary>
/// The registry answered <see cref="Status"/> (429 or 503) with a Retry-After, and the client is waiting
/// <see cref="Delay"/> before asking again (<see cref="Attempt"/> is the attempt that was refused).
/// </summary>
public sealed record RegistryWait(string Registry, HttpStatusCode Status, TimeSpan Delay, int Attempt)
{
    /// <summary>One line for the user: "registry HOST: waiting 50 s (registry asked to retry after 50 s: 429 Too Many Requests)".</summary>
    public string Describe()
    {
        var seconds = Math.Ceiling(Delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"registry {Registry}: waiting {seconds} s (registry asked to retry after {seconds} s: {(int)Status} {Reason})";
    }

    private string Reason => Status switch
    {
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => Status.ToString(),
    };
}
