using System.Text;

namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Hands out the lines of a Dockerfile one by one, each with its line ending, and counts them. A line longer than
/// the limit fails as soon as the limit is passed, without reading the rest of it; a byte order mark at the very
/// start is dropped.
/// </summary>
internal sealed class DockerfileLineReader(TextReader reader, string fileName, int maxLineLength)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _filled;
    private bool _started;

    /// <summary>1-based number of the line last read.</summary>
    public int Number { get; private set; }

    public bool TryRead(out string line)
    {
        _line.Clear();
        while (true)
        {
            if (_position == _filled && !Fill()) break;
            var available = _buffer.AsSpan(_position, _filled - _position);
            var newline = available.IndexOf('\n');
            var take = newline < 0 ? available.Length : newline + 1;
            if (_line.Length + take > maxLineLength)
            {
                throw new DockerfileException(fileName, Number + 1, $"line is longer than {DockerfileParser.Limit}");
            }
            _line.Append(available[..take]);
            _position += take;
            if (newline >= 0) break;
        }
        if (_line.Length == 0)
        {
            line = "";
            return false;
        }
        Number++;
        line = _line.ToString();
        return true;
    }

    private bool Fill()
    {
        _filled = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (!_started && _filled > 0)
        {
            _started = true;
            if (_buffer[0] == '\uFEFF') _position = 1;
        }
        return _filled > 0;
    }
}
