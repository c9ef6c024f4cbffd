using System.Collections.Immutable;

namespace Hoist.Planning;

/// <summary>
/// An immutable list of named entries in the order each name was first set, where setting a name again replaces its
/// entry in place. Names are looked up through an index, so a Dockerfile of n ARG or ENV lines is planned in
/// O(n log n): a linear search per line made 100,000 ARG lines take minutes.
/// </summary>
internal sealed class NamedEntries<T> where T : class
{
    private readonly ImmutableList<T> _items;
    private readonly ImmutableDictionary<string, int> _positions;
    private readonly Func<T, string> _nameOf;

    private NamedEntries(ImmutableList<T> items, ImmutableDictionary<string, int> positions, Func<T, string> nameOf)
    {
        _items = items;
        _positions = positions;
        _nameOf = nameOf;
    }

    public static NamedEntries<T> Empty(Func<T, string> nameOf) =>
        new([], ImmutableDictionary.Create<string, int>(StringComparer.Ordinal), nameOf);

    public IReadOnlyList<T> Items => _items;

    public bool Contains(string name) => _positions.ContainsKey(name);

    public T? Find(string name) => _positions.TryGetValue(name, out var position) ? _items[position] : null;

    /// <summary>These entries with <paramref name="entry"/> replacing the one of its name, or added at the end.</summary>
    public NamedEntries<T> Set(T entry)
    {
        var name = _nameOf(entry);
        return _positions.TryGetValue(name, out var position)
            ? new NamedEntries<T>(_items.SetItem(position, entry), _positions, _nameOf)
            : new NamedEntries<T>(_items.Add(entry), _positions.Add(name, _items.Count), _nameOf);
    }
}
