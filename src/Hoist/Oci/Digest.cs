using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// A content digest <c>algorithm:hex</c> (OCI image-spec, descriptor.md "Digests"). Only sha256 is produced;
/// sha512 is accepted when parsing.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public static Digest Sha256(ReadOnlySpan<byte> data) => FromSha256Hash(SHA256.HashData(data));

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32) throw new ArgumentException("a sha256 hash has 32 bytes", nameof(hash));
        return new Digest("sha256", Convert.ToHexStringLower(hash));
    }

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new HoistException($"invalid digest \"{text}\"");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(text)) return false;
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expected = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (expected < 0 || hex.Length != expected) return false;
        foreach (var c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        }
        digest = new Digest(algorithm, hex);
        return true;
    }

    public override string ToString() => $"{Algorithm}:{Hex}";
}
