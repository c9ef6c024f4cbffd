using System.Net;

namespace Hoist.Registry;

/// <summary>A registry refused or failed a request; the message names the registry and its error code.</summary>
public sealed class RegistryException : HoistException
{
    public RegistryException(string registry, string message, HttpStatusCode? statusCode = null, string? errorCode = null,
        Exception? innerException = null)
        : base($"registry {registry}: {message}", innerException)
    {
        Registry = registry;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public string Registry { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The distribution error code (<c>MANIFEST_UNKNOWN</c>, <c>UNAUTHORIZED</c>, …) when the registry sent one.</summary>
    public string? ErrorCode { get; }
}
