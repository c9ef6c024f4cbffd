using System.Security.Cryptography;
using System.Text;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// A short fingerprint of an input's value for <see cref="StepRecord"/>: 16 hex digits of its sha256. Build args and
/// env values may be secrets, so records never hold a value, and a miss only names what changed; the cache key of a
/// step already hashes the very same values, so a record reveals nothing the cache index does not.
/// </summary>
public static class ValueFingerprint
{
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);

    public static string Of(IEnumerable<string> values) => Of(string.Join('\0', values));
}
