namespace Hoist.Cli;

/// <summary>Left-aligned columns separated by at least <c>gap</c> spaces, like Go's tabwriter as buildx uses it.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public int RowCount => _rows.Count - 1;

    public void WriteTo(TextWriter writer, int gap = 3)
    {
        var columns = _rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns)
            .Select(c => _rows.Max(r => c < r.Length ? r[c].Length : 0))
            .ToArray();
        foreach (var row in _rows)
        {
            var line = string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c] + gap)));
            writer.WriteLine(line.TrimEnd());
        }
    }
}
