namespace Hoist;

/// <summary>
/// A failure the user can act on. The CLI prints <see cref="Exception.Message"/> as one line and exits non-zero;
/// anything that is not a <see cref="HoistException"/> is an internal bug and keeps its stack trace.
/// </summary>
public class HoistException : Exception
{
    public HoistException(string message) : base(message) { }

    public HoistException(string message, Exception? innerException) : base(message, innerException) { }
}
