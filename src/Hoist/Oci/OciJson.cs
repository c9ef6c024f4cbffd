using System.Text.Encodings.Web;
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

    /// <summary>
    /// Metadata whose encoder leaves <c>+</c> and non-ASCII text alone, as Go's encoding/json does; the default
    /// encoder would write media types as <c>…tar\u002Bgzip</c>.
    /// </summary>
    public static OciJsonContext Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Serialises with <see cref="Relaxed"/> escaping; <paramref name="type"/> only selects the type.</summary>
    public static byte[] ToBytes<T>(T value, JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)Relaxed.GetTypeInfo(typeof(T))!);
}
