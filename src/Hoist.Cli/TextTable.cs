namespace Hoist.Cli;

/// <summary>
/// Left-aligned columns as Go's tabwriter lays them out for docker and buildx: each column padded to its widest cell
/// plus <c>gap</c> spaces (and at least <c>minimumWidth</c>; Docker's image tables use 10), the last column unpadded,
/// so scripts that parse docker's tables parse ours.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public int RowCount => _rows.Count - 1;

    public void WriteTo(TextWriter writer, int gap = 3, int minimumWidth = 0)
    {
        var columns = _rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns)
            .Select(c => Math.Max(minimumWidth, _rows.Max(r => c < r.Length ? r[c].Length : 0) + gap))
            .ToArray();
        foreach (var row in _rows)
        {
            var line = string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])));
            writer.WriteLine(line.TrimEnd());
        }
    }
}
