using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hoist.Oci;

/// <summary>Parsing with user-facing errors, and compact serialisation (as Docker and BuildKit write configs).</summary>
internal static class OciJson
{
    public static T Parse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new HoistException($"invalid {what}: null");
        }
        catch (JsonException e)
        {
            throw new HoistException($"invalid {what}: {e.Message}", e);
        }
    }

    public static byte[] ToBytes<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
