namespace Hoist.Analysis;

/// <summary>Keeps the <c>capacity</c> largest wasted files seen, so memory stays bounded however many there are.</summary>
internal sealed class WastedFiles(int capacity)
{
    private readonly PriorityQueue<WastedFile, long> _smallestFirst = new();

    public void Add(WastedFile file)
    {
        if (_smallestFirst.Count < capacity)
        {
            _smallestFirst.Enqueue(file, file.Size);
        }
        else if (_smallestFirst.TryPeek(out _, out var smallest) && file.Size > smallest)
        {
            _smallestFirst.DequeueEnqueue(file, file.Size);
        }
    }

    public IReadOnlyList<WastedFile> Largest =>
        _smallestFirst.UnorderedItems.Select(i => i.Element).OrderByDescending(f => f.Size).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
}
