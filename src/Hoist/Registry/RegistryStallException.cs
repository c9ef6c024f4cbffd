namespace Hoist.Registry;

/// <summary>
/// A registry connection made no progress within its timeout: no response headers, or no body bytes moving either
/// way. An <see cref="IOException"/>, so the retry and Range-resume paths treat it like a dropped connection.
/// </summary>
public sealed class RegistryStallException(string message) : IOException(message);
