namespace Hoist.Archives;

/// <summary>A layer asked for something unsafe or impossible while being applied to a directory.</summary>
public sealed class LayerApplyException : HoistException
{
    public LayerApplyException(string entryName, string cause) : base($"layer entry \"{entryName}\": {cause}")
    {
        EntryName = entryName;
    }

    public string EntryName { get; }
}
