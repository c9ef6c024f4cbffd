namespace Hoist.Checks;

/// <summary>
/// Variables in the order they were first set (BuildKit's EnvList), so a "did you mean" among equally close names picks
/// the one BuildKit picks: the first.
/// </summary>
internal sealed class VariableList
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IReadOnlyDictionary<string, string> Values => _values;

    public IReadOnlyList<string> Keys => _order;

    public void Set(string name, string value)
    {
        if (!_values.ContainsKey(name)) _order.Add(name);
        _values[name] = value;
    }

    public VariableList Clone()
    {
        var copy = new VariableList();
        foreach (var key in _order) copy.Set(key, _values[key]);
        return copy;
    }
}
