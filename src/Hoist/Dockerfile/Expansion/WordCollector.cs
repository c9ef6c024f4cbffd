using System.Text;

namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// Splits expanded text into words the way BuildKit's ProcessWords does: unquoted literal text and variable values
/// split on white space, while quoted text and escaped characters join the current word whatever they contain.
/// </summary>
internal sealed class WordCollector
{
    private readonly List<string> _words = [];
    private readonly StringBuilder _word = new();
    private bool _inWord;

    /// <summary>A character that splits words when it is white space.</summary>
    public void AddChar(int codePoint)
    {
        if (CodePoints.IsSpace(codePoint))
        {
            // An empty quoted string ("") marks a word as started but gives it no text; BuildKit drops such words.
            if (_inWord && _word.Length != 0)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }
            return;
        }
        AddRawChar(codePoint);
    }

    /// <summary>A character that belongs to the current word even when it is white space.</summary>
    public void AddRawChar(int codePoint)
    {
        CodePoints.Append(_word, codePoint);
        _inWord = true;
    }

    public void AddString(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            AddChar(CodePoints.Read(text, i, out var width));
            i += width;
        }
    }

    public void AddRawString(string text)
    {
        _word.Append(text);
        _inWord = true;
    }

    public IReadOnlyList<string> Finish()
    {
        if (_word.Length > 0)
        {
            _words.Add(_word.ToString());
            _word.Clear();
            _inWord = false;
        }
        return _words;
    }
}
