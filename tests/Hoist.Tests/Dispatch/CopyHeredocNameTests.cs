using Hoist.Dispatch;

namespace Hoist.Tests.Dispatch;

/// <summary>
/// A COPY heredoc source names its content as the parser named the marker (BuildKit's parser_heredoc_test.go cases):
/// quotes anywhere in the delimiter are removed, an escaped quote is kept.
/// </summary>
public sealed class CopyHeredocNameTests
{
    [Theory]
    [InlineData("<<EOF", "EOF")]
    [InlineData("<<-\"EOF\"", "EOF")]
    [InlineData("<<file.txt", "file.txt")]
    [InlineData("<<eo'f'", "eof")]
    [InlineData("<<eo\\'f", "eo'f")]
    [InlineData("<<'e'o\\'f", "eo'f")]
    [InlineData("3<<$EOF", "$EOF")]
    public void The_source_word_names_the_heredoc_as_its_marker_does(string word, string name)
    {
        Assert.Equal(name, CopyRequest.HeredocName(word));
    }
}
