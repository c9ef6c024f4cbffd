using System.Text;

namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// The slice of shell lexing BuildKit applies to find heredoc words: split a line into words honouring quotes,
/// backslash escapes and <c>$</c> references (left unexpanded), with <c>&lt;&lt;</c> allowed to be followed by blanks
/// inside the same word. BuildKit always uses <c>\</c> here, whatever the escape directive says, and a line it cannot
/// lex (an unterminated quote, a bad <c>${</c>) simply has no heredocs. Quirks such as a nested <c>${…}</c> resetting
/// the word being built are kept on purpose so the same lines are recognised.
/// </summary>
internal sealed class HeredocWordLexer
{
    private const int End = -1;
    private const char Escape = '\\';

    private readonly string _text;
    private readonly bool _rawQuotes;
    private readonly StringBuilder _wordBuffer = new();
    private bool _rawEscapes;
    private int _position;
    private bool _failed;

    private HeredocWordLexer(string text, bool rawQuotes, bool rawEscapes)
    {
        _text = text;
        _rawQuotes = rawQuotes;
        _rawEscapes = rawEscapes;
    }

    /// <summary>The words of <paramref name="text"/>, or null when it cannot be lexed.</summary>
    public static List<string>? Split(string text, bool rawQuotes, bool rawEscapes)
    {
        var lexer = new HeredocWordLexer(text, rawQuotes, rawEscapes);
        var words = new List<string>();
        lexer.ProcessUntil(End, lexer._rawEscapes, words);
        return lexer._failed ? null : words;
    }

    private int Peek() => _position < _text.Length ? _text[_position] : End;

    private int Next() => _position < _text.Length ? _text[_position++] : End;

    private string Fail()
    {
        _failed = true;
        return "";
    }

    private string ProcessUntil(int stop, bool rawEscapes, List<string>? wordsOut)
    {
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            return ProcessUntilCore(stop, wordsOut);
        }
        finally
        {
            _rawEscapes = saved;
        }
    }

    private string ProcessUntilCore(int stop, List<string>? wordsOut)
    {
        var result = new StringBuilder();
        var words = new WordCollector(_wordBuffer, wordsOut ?? []);
        _wordBuffer.Clear();
        while (Peek() != End)
        {
            var ch = Peek();
            if (stop != End && ch == stop)
            {
                Next();
                words.Finish();
                return result.ToString();
            }

            switch (ch)
            {
                case '$':
                {
                    var value = ProcessDollar();
                    if (_failed)
                    {
                        return "";
                    }

                    result.Append(value);
                    words.AddSplitting(value);
                    continue;
                }
                case '<':
                case '\'':
                case '"':
                {
                    var value = ch switch
                    {
                        '<' => ProcessPossibleHeredoc(),
                        '\'' => ProcessSingleQuote(),
                        _ => ProcessDoubleQuote(),
                    };
                    if (_failed)
                    {
                        return "";
                    }

                    result.Append(value);
                    words.AddRaw(value);
                    continue;
                }
            }

            ch = Next();
            if (ch == Escape)
            {
                if (_rawEscapes)
                {
                    words.AddRaw((char)ch);
                    result.Append((char)ch);
                }

                ch = Next();
                if (ch == End)
                {
                    break;
                }

                words.AddRaw((char)ch);
            }
            else
            {
                words.Add((char)ch);
            }

            result.Append((char)ch);
        }

        if (stop != End)
        {
            return Fail();
        }

        words.Finish();
        return result.ToString();
    }

    private string ProcessSingleQuote()
    {
        var result = new StringBuilder();
        var quote = Next();
        if (_rawQuotes)
        {
            result.Append((char)quote);
        }

        while (true)
        {
            var ch = Next();
            if (ch == End)
            {
                return Fail();
            }

            if (ch == '\'')
            {
                if (_rawQuotes)
                {
                    result.Append('\'');
                }

                return result.ToString();
            }

            result.Append((char)ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        var result = new StringBuilder();
        var quote = Next();
        if (_rawQuotes)
        {
            result.Append((char)quote);
        }

        while (true)
        {
            switch (Peek())
            {
                case End:
                    return Fail();
                case '"':
                    Next();
                    if (_rawQuotes)
                    {
                        result.Append('"');
                    }

                    return result.ToString();
                case '$':
                    var value = ProcessDollar();
                    if (_failed)
                    {
                        return "";
                    }

                    result.Append(value);
                    continue;
            }

            var ch = Next();
            if (ch == Escape)
            {
                if (_rawEscapes)
                {
                    result.Append((char)ch);
                }

                var following = Peek();
                if (following == End)
                {
                    continue;
                }

                if (following is '"' or '$' or Escape)
                {
                    ch = Next();
                }
            }

            result.Append((char)ch);
        }
    }

    /// <summary>Variables are never set here, so every reference comes back as written (BuildKit's SkipUnsetEnv).</summary>
    private string ProcessDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var plainName = ProcessName();
            return "$" + plainName;
        }

        Next();
        if (Peek() is End or '{' or '}' or ':')
        {
            return Fail();
        }

        var name = ProcessName();
        var modifier = Next();
        switch (modifier)
        {
            case '}':
                return "${" + name + "}";
            case ':':
            case '+':
            case '-':
            case '?':
            case '#':
            case '%':
            {
                var modifierText = modifier == End ? "\uFFFD" : ((char)modifier).ToString();
                var effective = modifier;
                if (modifier == ':')
                {
                    // After ':' any character is taken as the operator (BuildKit falls through unconditionally).
                    effective = Next();
                    modifierText += effective == End ? "\uFFFD" : ((char)effective).ToString();
                    if (effective is '#' or '%')
                    {
                        return Fail();
                    }
                }

                var word = ProcessUntil('}', effective is '#' or '%', null);
                if (_failed)
                {
                    return "";
                }

                return "${" + name + modifierText + word + "}";
            }
            case '/':
            {
                if (Peek() == '/')
                {
                    Next();
                }

                var pattern = ProcessUntil('/', true, null);
                if (_failed)
                {
                    return "";
                }

                var replacement = ProcessUntil('}', true, null);
                if (_failed)
                {
                    return "";
                }

                return "${" + name + "/" + pattern + "/" + replacement + "}";
            }
            default:
                return Fail();
        }
    }

    private string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != End)
        {
            var ch = (char)Peek();
            if (name.Length == 0 && char.IsDigit(ch))
            {
                while (Peek() != End && char.IsDigit((char)Peek()))
                {
                    name.Append((char)Next());
                }

                return name.ToString();
            }

            if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
            {
                Next();
                return ch.ToString();
            }

            if (!char.IsLetterOrDigit(ch) && ch != '_')
            {
                break;
            }

            name.Append((char)Next());
        }

        return name.ToString();
    }

    private string ProcessPossibleHeredoc()
    {
        Next();
        if (Peek() != '<')
        {
            return "<";
        }

        Next();
        var result = new StringBuilder("<<");
        while (Peek() is '\t' or '\r' or ' ')
        {
            result.Append((char)Next());
        }

        return result.ToString();
    }

    /// <summary>Builds words from characters: blanks split words unless added raw (quoted or escaped).</summary>
    private sealed class WordCollector(StringBuilder buffer, List<string> words)
    {
        private bool _inWord;

        public void Add(char ch)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (_inWord && buffer.Length != 0)
                {
                    words.Add(buffer.ToString());
                    buffer.Clear();
                    _inWord = false;
                }
            }
            else
            {
                AddRaw(ch);
            }
        }

        public void AddRaw(char ch)
        {
            buffer.Append(ch);
            _inWord = true;
        }

        public void AddRaw(string text)
        {
            buffer.Append(text);
            _inWord = true;
        }

        public void AddSplitting(string text)
        {
            foreach (var ch in text)
            {
                Add(ch);
            }
        }

        public void Finish()
        {
            if (buffer.Length > 0)
            {
                words.Add(buffer.ToString());
                buffer.Clear();
                _inWord = false;
            }
        }
    }
}
