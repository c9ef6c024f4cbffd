namespace Hoist.Building.Copy;

/// <summary>
/// FNV-1a over the fields of one copied entry: a cheap, stable fingerprint (not a security hash; the cache key itself
/// is sha256) that lets a miss name the entries that changed. Stable across processes, unlike <see cref="HashCode"/>.
/// </summary>
public sealed class EntryFingerprint
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public ulong Value { get; private set; } = Offset;

    public void Reset() => Value = Offset;

    /// <summary>Adds <paramref name="text"/> followed by a separator, so field boundaries count.</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        var value = Value;
        foreach (var c in text)
        {
            value = (value ^ c) * Prime;
        }
        Value = (value ^ 0xFFFF) * Prime;
    }

    /// <summary>The fingerprint of one string.</summary>
    public static ulong Of(string text)
    {
        var fingerprint = new EntryFingerprint();
        fingerprint.Add(text);
        return fingerprint.Value;
    }
}
