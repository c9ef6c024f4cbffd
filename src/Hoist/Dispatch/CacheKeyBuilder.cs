using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>
/// Accumulates the inputs of one cache key into a sha256. Every field is tagged and length-prefixed, so no two
/// different sequences of fields can hash the same ("ab","c" versus "a","bc").
/// </summary>
public sealed class CacheKeyBuilder : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Starts a key of <paramref name="kind"/> (a version-tagged name, so a format change never reuses old keys).</summary>
    public CacheKeyBuilder(string kind) => Add("hoist-cache-v1:" + kind);

    public CacheKeyBuilder Add(string value)
    {
        Span<byte> length = stackalloc byte[5];
        length[0] = 1;
        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32LittleEndian(length[1..], bytes.Length);
        _hash.AppendData(length);
        _hash.AppendData(bytes);
        return this;
    }

    public CacheKeyBuilder Add(string name, string? value) => Add(name).Add(value ?? "\0null");

    public CacheKeyBuilder Add(string name, Digest value) => Add(name).Add(value.ToString());

    /// <summary>A list as its count followed by its items, so [a,b] and [a],[b] differ.</summary>
    public CacheKeyBuilder Add(string name, IEnumerable<string> values)
    {
        var list = values as IReadOnlyCollection<string> ?? values.ToList();
        Add(name).Add(list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var value in list) Add(value);
        return this;
    }

    public Digest Finish() => Digest.FromSha256Hash(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
