namespace Hoist.Archives;

/// <summary>A tar stream (or its compression) is malformed, truncated, or exceeds a safety limit.</summary>
public sealed class TarFormatException : HoistException
{
    public TarFormatException(string message) : base($"invalid tar archive: {message}") { }

    public TarFormatException(string message, Exception? innerException) : base($"invalid tar archive: {message}", innerException) { }
}
