using System.Text;
using Hoist.Posix;

namespace Hoist.Tests.Posix;

public sealed class BoundedLineReaderTests
{
    private static async Task<List<string>> LinesOf(string text)
    {
        var lines = new List<string>();
        await BoundedLineReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), lines.Add);
        return lines;
    }

    [Fact]
    public async Task Lines_split_at_newlines_without_carriage_returns_and_keep_a_last_partial_line()
    {
        Assert.Equal(["one", "two", "", "three"], await LinesOf("one\r\ntwo\n\nthree"));
    }

    [Fact]
    public async Task A_line_without_end_comes_in_bounded_pieces()
    {
        var lines = await LinesOf(new string('x', BoundedLineReader.MaxLineLength * 2 + 5) + "\n");

        Assert.Equal([BoundedLineReader.MaxLineLength, BoundedLineReader.MaxLineLength, 5], lines.Select(l => l.Length));
    }
}
