using System.Text;

namespace Hoist.Posix;

/// <summary>
/// Splits a child process's output stream (a container's, say) into lines without trusting it: a line longer than <see cref="MaxLineLength"/>
/// is passed on in pieces, so a RUN that prints gigabytes without a newline cannot make Hoist hold them in memory.
/// </summary>
internal static class BoundedLineReader
{
    public const int MaxLineLength = 64 * 1024;

    public static async Task ReadAsync(Stream stream, Action<string> onLine)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(bytes).ConfigureAwait(false)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            for (var i = 0; i < count; i++)
            {
                if (chars[i] == '\n')
                {
                    Emit(line, onLine);
                    continue;
                }
                line.Append(chars[i]);
                if (line.Length >= MaxLineLength) Emit(line, onLine);
            }
        }
        if (line.Length > 0) Emit(line, onLine);
    }

    private static void Emit(StringBuilder line, Action<string> onLine)
    {
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        onLine(line.ToString());
        line.Clear();
    }
}
