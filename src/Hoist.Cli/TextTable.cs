namespace Hoist.Cli;

/// <summary>
/// Column output laid out as Docker's CLI does it (Go tabwriter, minimum cell width 10, padding 3, the last column
/// unpadded), so scripts that parse <c>docker images</c> parse ours.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private const int MinimumWidth = 10;
    private const int Padding = 3;
    private readonly List<string[]> _rows = [headers];

    public void AddRow(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        var columns = _rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length - 1; i++) widths[i] = Math.Max(widths[i], Math.Max(MinimumWidth, row[i].Length + Padding));
        }
        foreach (var row in _rows)
        {
            var line = new System.Text.StringBuilder();
            for (var i = 0; i < row.Length; i++) line.Append(i < row.Length - 1 ? row[i].PadRight(widths[i]) : row[i]);
            output.WriteLine(line.ToString());
        }
    }
}
