using System.Text;
using Hoist.Execution;

namespace Hoist.Tests.Execution;

public sealed class ContainerOutputReaderTests
{
    private static async Task<List<string>> LinesOf(string text)
    {
        var lines = new List<string>();
        await ContainerOutputReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), lines.Add);
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
        var lines = await LinesOf(new string('x', ContainerOutputReader.MaxLineLength * 2 + 5) + "\n");

        Assert.Equal([ContainerOutputReader.MaxLineLength, ContainerOutputReader.MaxLineLength, 5], lines.Select(l => l.Length));
    }
}
