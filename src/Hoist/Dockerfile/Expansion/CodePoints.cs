using System.Text;

namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// Reads UTF-16 text one code point at a time, as BuildKit's Go scanner reads runes. A lone surrogate is kept as
/// its own code point rather than replaced, so expansion never alters text it does not interpret.
/// </summary>
internal static class CodePoints
{
    public const int Eof = -1;

    public static int Read(string text, int index, out int width)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }
        width = 1;
        return c;
    }

    public static int[] Decode(string text)
    {
        var result = new int[text.Length];
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            result[count++] = Read(text, i, out var width);
            i += width;
        }
        return count == result.Length ? result : result[..count];
    }

    public static void Append(StringBuilder builder, int codePoint)
    {
        if (codePoint > 0xFFFF) builder.Append(char.ConvertFromUtf32(codePoint));
        else builder.Append((char)codePoint);
    }

    public static void Append(StringBuilder builder, ReadOnlySpan<int> codePoints)
    {
        builder.EnsureCapacity(builder.Length + codePoints.Length);
        foreach (var codePoint in codePoints) Append(builder, codePoint);
    }

    public static string ToString(ReadOnlySpan<int> codePoints)
    {
        var builder = new StringBuilder(codePoints.Length);
        Append(builder, codePoints);
        return builder.ToString();
    }

    public static string ToString(int codePoint) =>
        codePoint > 0xFFFF ? char.ConvertFromUtf32(codePoint) : ((char)codePoint).ToString();

    /// <summary>Unicode White_Space, as Go's unicode.IsSpace (no supplementary code point is white space).</summary>
    public static bool IsSpace(int codePoint) => codePoint is >= 0 and <= 0xFFFF && char.IsWhiteSpace((char)codePoint);

    /// <summary>Unicode letter (category L), as Go's unicode.IsLetter; names may be non-ASCII.</summary>
    public static bool IsLetter(int codePoint) => Rune.IsValid(codePoint) && Rune.IsLetter(new Rune(codePoint));

    /// <summary>Unicode decimal digit (category Nd), as Go's unicode.IsDigit.</summary>
    public static bool IsDigit(int codePoint) => Rune.IsValid(codePoint) && Rune.IsDigit(new Rune(codePoint));
}
